import 'server-only';
import { sql } from 'drizzle-orm';
import type { Transaction } from '@/db/client';

/**
 * Serialises alert writes per client, so two responses at once cannot both open "the" open alert of
 * a kind, and the client's supervision rollup rows are rewritten by one writer at a time.
 */
export async function lockClientAlerts(tx: Transaction, clientId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`alerts:${clientId}`}))`);
}
