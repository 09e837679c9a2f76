import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { restoreDatabase } from '@/db/backup';
import { migrateDatabase } from '@/db/migrate';
import { runWithDatabase } from './lib/cli';

// npm run db:restore -- <file> [--replace]
const fileArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!fileArg || !existsSync(resolve(fileArg))) {
  console.error('Usage: npm run db:restore -- <backup-file> [--replace]   (the file must exist)');
  process.exit(1);
}
const file = resolve(fileArg);

void runWithDatabase(
  async (handle) => {
    await migrateDatabase(handle);
    const header = await restoreDatabase(handle.db, file, { replace: process.argv.includes('--replace') });
    const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
    return `Restored ${rows} rows from ${file} (backup of ${header.createdAt}).`;
  },
  { asOwner: true },
);
