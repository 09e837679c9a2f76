import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * `next build` and `next dev` rewrite tsconfig.json when it lacks an entry Next wants (the route
 * types of the build folder). `npm test` builds into .next-test, `npm start` into .next: with the
 * entries for both committed, neither rewrites the tracked file, so the tree stays clean. This runs
 * Next's own rewriting step on a copy and expects no change.
 */
const require = createRequire(import.meta.url);
const { writeConfigurationDefaults } = require('next/dist/lib/typescript/writeConfigurationDefaults') as {
  writeConfigurationDefaults: (
    tsVersion: string,
    path: string,
    firstTime: boolean,
    hasAppDir: boolean,
    distDir: string,
    hasPagesDir: boolean,
    strictRouteTypes: boolean,
  ) => Promise<void>;
};
const typescriptVersion = (require('typescript/package.json') as { version: string }).version;

const work = mkdtempSync(join(tmpdir(), 'rapport-tsconfig-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tsconfig.json already has what Next adds, so builds leave it untouched', () => {
  it.each([
    ['production', '.next'],
    ['production', '.next-test'],
    ['development', '.next/dev'],
    ['development', '.next-test/dev'],
  ])('%s build into %s', async (nodeEnv, distDir) => {
    const copy = join(work, `tsconfig-${nodeEnv}-${distDir.replace(/\W/g, '_')}.json`);
    copyFileSync('tsconfig.json', copy);
    const before = readFileSync(copy, 'utf8');
    const env = process.env as Record<string, string | undefined>;
    const saved = env.NODE_ENV;
    env.NODE_ENV = nodeEnv;
    try {
      await writeConfigurationDefaults(typescriptVersion, copy, false, true, distDir, false, false);
    } finally {
      env.NODE_ENV = saved;
    }
    expect(readFileSync(copy, 'utf8')).toBe(before);
  });
});
