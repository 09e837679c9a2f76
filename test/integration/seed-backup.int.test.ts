import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase, RestoreError, tableName, TABLES_IN_DEPENDENCY_ORDER } from '@/db/backup';
import type { Database } from '@/db/client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoClinic } from '@/db/seed';
import { alerts, clients, measureAssignments, measureResponses, treatmentPlans, users } from '@/db/schema';
import { verifyPassword } from '@/lib/auth/hash';
import { getInstrument, scoreResponse } from '@/lib/instruments';
import { cloneTemplateDatabase, describeEachEngine, queryRows, type OwnedDatabase } from './harness';

/*
 * The demo clinic seed (the browser tests' contract) and the backup/restore round trip, on both
 * engines. One seeded database per engine; restores go into fresh clones of the migrated template.
 */

/** One checksum per table over every column of every row, in a stable order. */
async function tableChecksums(db: Database): Promise<Record<string, { rows: number; md5: string | null }>> {
  const out: Record<string, { rows: number; md5: string | null }> = {};
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    const name = tableName(table);
    const [row] = await queryRows<{ rows: number; md5: string | null }>(
      db,
      sql`select count(*)::int as rows, md5(string_agg(t::text, '|' order by t::text)) as md5 from ${sql.identifier(name)} t`,
    );
    out[name] = row!;
  }
  return out;
}

describeEachEngine('demo seed and backups', (ctx) => {
  const cleanups: OwnedDatabase[] = [];
  const now = new Date('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    const result = await seedDemoClinic(ctx.db, { now });
    expect(result.status).toBe('seeded');
  });
  afterAll(async () => {
    for (const db of cleanups) await db.dispose();
  });

  async function freshDatabase(): Promise<OwnedDatabase> {
    const owned = await cloneTemplateDatabase(ctx.engine);
    cleanups.push(owned);
    return owned;
  }

  describe('seed', () => {
    it('is idempotent: a second run changes nothing', async () => {
      const before = await tableChecksums(ctx.db);
      expect(await seedDemoClinic(ctx.db, { now })).toEqual({ status: 'already-seeded' });
      expect(await tableChecksums(ctx.db)).toEqual(before);
    });

    it('creates exactly the documented accounts, each with the documented password', async () => {
      const accounts = await ctx.db.select({ email: users.email, role: users.role, hash: users.passwordHash }).from(users);
      expect(accounts.map((a) => [a.email, a.role]).sort()).toEqual(
        [
          [DEMO_ACCOUNTS.admin, 'admin'],
          [DEMO_ACCOUNTS.client, 'client'],
          [DEMO_ACCOUNTS.supervisor, 'supervisor'],
          [DEMO_ACCOUNTS.therapist, 'therapist'],
          [DEMO_ACCOUNTS.therapist2, 'therapist'],
        ].sort(),
      );
      for (const account of accounts) expect(await verifyPassword(account.hash!, DEMO_PASSWORD)).toBe(true);
    });

    it('is deterministic: the same seed on another database gives the same rows', async () => {
      const other = await freshDatabase();
      await seedDemoClinic(other.handle.db, { now });
      const [mine, theirs] = [await tableChecksums(ctx.db), await tableChecksums(other.handle.db)];
      // Password hashes are salted at random; every other table must match exactly.
      const { users: _u1, ...a } = mine;
      const { users: _u2, ...b } = theirs;
      expect(a).toEqual(b);
    });

    it('gives client@demo.clinic an active plan and a pending WAI-SR', async () => {
      const [client] = await ctx.db
        .select({ id: clients.id })
        .from(clients)
        .innerJoin(users, eq(users.id, clients.portalUserId))
        .where(eq(users.email, DEMO_ACCOUNTS.client));
      const plans = await ctx.db.select({ status: treatmentPlans.status }).from(treatmentPlans).where(eq(treatmentPlans.clientId, client!.id));
      expect(plans).toEqual([{ status: 'active' }]);
      const pending = await ctx.db
        .select({ key: measureAssignments.instrumentKey, expiresAt: measureAssignments.expiresAt })
        .from(measureAssignments)
        .where(and(eq(measureAssignments.clientId, client!.id), eq(measureAssignments.status, 'pending'), eq(measureAssignments.respondent, 'client')));
      expect(pending.map((p) => p.key)).toContain('wai-sr-client');
      expect(pending.every((p) => p.expiresAt > now)).toBe(true);
    });

    it('has months of history per treated client, scored by the real scoring code', async () => {
      const responses = await ctx.db
        .select({
          key: measureResponses.instrumentKey,
          version: measureResponses.instrumentVersion,
          answers: measureResponses.answers,
          scores: measureResponses.scores,
          clientId: measureResponses.clientId,
        })
        .from(measureResponses);
      expect(new Set(responses.map((r) => r.key))).toEqual(new Set(['wai-sr-client', 'wai-sr-therapist', 'phq-9', 'gad-7']));
      for (const r of responses) expect(r.scores).toEqual(scoreResponse(getInstrument(r.key, r.version), r.answers));
      const perClient = new Map<string, number>();
      for (const r of responses) if (r.key === 'wai-sr-client') perClient.set(r.clientId, (perClient.get(r.clientId) ?? 0) + 1);
      expect(perClient.size).toBeGreaterThanOrEqual(6);
      expect(Math.min(...perClient.values())).toBeGreaterThanOrEqual(4);
    });

    it('has at least one acknowledged and one open rupture, each naming its rule and numbers', async () => {
      const ruptures = await ctx.db
        .select({ status: alerts.status, rule: alerts.rule, details: alerts.details })
        .from(alerts)
        .where(eq(alerts.kind, 'rupture'));
      expect(ruptures.some((r) => r.status === 'acknowledged')).toBe(true);
      expect(ruptures.some((r) => r.status === 'open')).toBe(true);
      for (const r of ruptures) expect(r.details).toMatchObject({ rule: r.rule, score: expect.any(Number), thresholds: expect.any(Object) });
    });
  });

  describe('backup and restore', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-backup-'));

    it('round-trips every row of every table', async () => {
      const file = join(dir, `round-trip-${ctx.engine}.jsonl.gz`);
      const header = await backupDatabase(ctx.db, file);
      expect(header.tables.measure_responses).toBeGreaterThan(100);
      const target = await freshDatabase();
      await restoreDatabase(target.handle.db, file);
      expect(await tableChecksums(target.handle.db)).toEqual(await tableChecksums(ctx.db));
    });

    it('refuses to restore over data unless told to replace it, and then replaces it whole', async () => {
      const file = join(dir, `replace-${ctx.engine}.jsonl.gz`);
      await backupDatabase(ctx.db, file);
      const target = await freshDatabase();
      await seedDemoClinic(target.handle.db, { now: new Date('2025-01-01T00:00:00Z') });
      const before = await tableChecksums(target.handle.db);
      await expect(restoreDatabase(target.handle.db, file)).rejects.toBeInstanceOf(RestoreError);
      expect(await tableChecksums(target.handle.db)).toEqual(before);
      await restoreDatabase(target.handle.db, file, { replace: true });
      expect(await tableChecksums(target.handle.db)).toEqual(await tableChecksums(ctx.db));
    });
  });
});
