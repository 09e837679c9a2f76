import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirectoryLock, DatabaseLockedError } from './lock';

const releases: (() => void)[] = [];
afterEach(() => releases.splice(0).forEach((release) => release()));

function tempDir() {
  return join(mkdtempSync(join(tmpdir(), 'rapport-lock-')), 'pglite');
}

describe('embedded database lock', () => {
  it('refuses a second process while the first holds the directory', async () => {
    const dir = tempDir();
    // Another live process holds the lock (a sleeping node child).
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(`${dir}.lock`, JSON.stringify({ pid: child.pid, command: 'rapport server', since: new Date().toISOString() }));
      expect(() => acquireDirectoryLock(dir)).toThrow(DatabaseLockedError);
      expect(() => acquireDirectoryLock(dir)).toThrow(/in use by another process \(pid \d+: rapport server\)/);
    } finally {
      child.kill();
    }
  });

  it('takes over a stale lock whose process is gone, and releases it', () => {
    const dir = tempDir();
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, command: 'crashed', since: '2020-01-01' }));
    const release = acquireDirectoryLock(dir);
    expect(existsSync(`${dir}.lock`)).toBe(true);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('refuses to open the same directory twice in one process', () => {
    const dir = tempDir();
    releases.push(acquireDirectoryLock(dir));
    expect(() => acquireDirectoryLock(dir)).toThrow(/already open in this process/);
  });
});
