import { sql } from 'drizzle-orm';
import { rebuildSupervisionRollup } from '@/db/supervision-rollup';
import { queryRows } from '@/db/raw';
import { runWithDatabase } from './lib/cli';

/*
 * `npm run rollup:rebuild`: recomputes the supervision rollup from the raw tables, in one
 * transaction (the supervisor page reads the old rows until it commits). The app keeps the rollup
 * exact as it writes; this is for data written around it (bulk loads, hand repairs, a clinic's
 * time zone changed in the database).
 */
void runWithDatabase(async (handle) => {
  const started = Date.now();
  const rows = await handle.db.transaction(async (tx) => {
    await rebuildSupervisionRollup(tx);
    const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from supervision_rollup`);
    return row?.n ?? 0;
  });
  return `Rebuilt the supervision rollup: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s.`;
});
