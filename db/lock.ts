import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * PGlite has no cross-process lock: a second process opening the same directory corrupts it.
 * So whoever opens an embedded database holds `<dir>.lock` (pid + command), and a live holder makes
 * everyone else fail with a clear message. A lock whose process is gone is stale and taken over.
 */
export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
}

type LockInfo = { pid: number; command: string; since: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(lockPath: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

const held = new Set<string>();

export function acquireDirectoryLock(dataDir: string): () => void {
  const lockPath = `${dataDir.replace(/\/+$/, '')}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      const info: LockInfo = { pid: process.pid, command: process.argv.slice(1).join(' '), since: new Date().toISOString() };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      held.add(lockPath);
      const release = () => {
        if (!held.delete(lockPath)) return;
        try {
          if (readLock(lockPath)?.pid === process.pid) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(lockPath);
      if (holder && holder.pid === process.pid) {
        throw new DatabaseLockedError(`The embedded database at ${dataDir} is already open in this process.`);
      }
      if (holder && isAlive(holder.pid)) {
        throw new DatabaseLockedError(
          `The embedded database at ${dataDir} is in use by another process (pid ${holder.pid}: ${holder.command}). ` +
            'Stop it first (only one process may open an embedded database), or use PostgreSQL via DATABASE_URL.',
        );
      }
      // Stale (the holder died without cleaning up, or the file is unreadable): take it over.
      try {
        unlinkSync(lockPath);
      } catch {
        /* someone else took it over first; retry */
      }
    }
  }
  throw new DatabaseLockedError(`Could not lock the embedded database at ${dataDir}; try again.`);
}
