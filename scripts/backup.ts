import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { backupDatabase } from '@/db/backup';
import { argValue, runWithDatabase } from './lib/cli';

// npm run db:backup [-- --out backups/file.jsonl.gz]
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = resolve(argValue('--out') ?? `backups/rapport-${stamp}.jsonl.gz`);

void runWithDatabase(async (handle) => {
  mkdirSync(dirname(file), { recursive: true });
  const header = await backupDatabase(handle.db, file);
  const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
  return `Backup written to ${file} (${rows} rows, ${handle.engine}).`;
});
