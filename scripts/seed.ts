import { migrateDatabase } from '@/db/migrate';
import { seedDemoClinic } from '@/db/seed';
import { runWithDatabase } from './lib/cli';

void runWithDatabase(
  async (handle) => {
    await migrateDatabase(handle);
    const result = await seedDemoClinic(handle.db);
    if (result.status === 'already-seeded') return 'The demo clinic is already seeded; nothing changed.';
    return `Seeded the demo clinic: ${Object.entries(result.counts ?? {})
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}.`;
  },
  { asOwner: true },
);
