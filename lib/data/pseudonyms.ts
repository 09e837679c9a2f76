import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { getDb, type Database } from '@/db/client';
import { clinics } from '@/db/schema';
import { requirePermission, writeAudit } from './audit';

/*
 * Pseudonyms in "de-identified" exports: HMAC-SHA-256 of the record id under a secret key per
 * clinic, stored in the database and never shown to anyone. Knowing a clinic id and a client id
 * (which any signed-in user can learn) is not enough to find the client in a file. Stable across
 * exports so a reader can follow one client; rotating the key makes later files unlinkable to
 * earlier ones.
 */

const newKey = () => randomBytes(32).toString('hex');

/** The pseudonym of one record under a key: prefix plus 40 bits of the HMAC (pure; exported for tests). */
export function pseudonymFor(key: string, prefix: string, id: string): string {
  return `${prefix}-${createHmac('sha256', Buffer.from(key, 'hex')).update(`${prefix}:${id}`).digest('hex').slice(0, 10)}`;
}

/**
 * The clinic's pseudonym function for one export (internal to lib/data: the caller has checked
 * access). The key is made on first use; two first uses at once agree on whichever was stored first.
 */
export async function exportPseudonyms(db: Database, clinicId: string): Promise<(prefix: string, id: string) => string> {
  const read = async () => (await db.select({ key: clinics.exportPseudonymKey }).from(clinics).where(eq(clinics.id, clinicId)).limit(1))[0]?.key ?? null;
  let key = await read();
  if (!key) {
    await db
      .update(clinics)
      .set({ exportPseudonymKey: newKey(), exportPseudonymKeyCreatedAt: sql`now()` })
      .where(and(eq(clinics.id, clinicId), isNull(clinics.exportPseudonymKey)));
    key = await read();
  }
  if (!key) throw new Error(`Clinic ${clinicId} not found`);
  const stable = key;
  return (prefix, id) => pseudonymFor(stable, prefix, id);
}

/** When the clinic's current pseudonym key was made (null: no export yet). Never the key itself. */
export async function getExportPseudonymInfo(actor: Actor): Promise<{ keyCreatedAt: Date | null }> {
  await requirePermission(actor, 'settings:manage', { action: 'settings.read', targetType: 'clinic_settings' });
  const [row] = await getDb().select({ keyCreatedAt: clinics.exportPseudonymKeyCreatedAt }).from(clinics).where(eq(clinics.id, actor.clinicId)).limit(1);
  return { keyCreatedAt: row?.keyCreatedAt ?? null };
}

/** Replaces the clinic's key: every pseudonym changes, and old and new exports can no longer be joined. */
export async function rotateExportPseudonyms(actor: Actor): Promise<{ keyCreatedAt: Date }> {
  await requirePermission(actor, 'settings:manage', { action: 'admin.settings.rotate_export_pseudonyms' });
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(clinics)
      .set({ exportPseudonymKey: newKey(), exportPseudonymKeyCreatedAt: sql`now()` })
      .where(eq(clinics.id, actor.clinicId))
      .returning({ keyCreatedAt: clinics.exportPseudonymKeyCreatedAt });
    await writeAudit(tx, actor, { action: 'admin.settings.rotate_export_pseudonyms', outcome: 'success' });
    return { keyCreatedAt: row!.keyCreatedAt! };
  });
}
