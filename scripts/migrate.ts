import { migrateDatabase } from '@/db/migrate';
import { runWithDatabase } from './lib/cli';

void runWithDatabase(
  async (handle) => {
    await migrateDatabase(handle);
    return `Migrations applied (${handle.engine}).`;
  },
  { asOwner: true },
);
