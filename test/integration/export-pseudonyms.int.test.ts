import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { ForbiddenError } from '@/lib/data/errors';
import { getExportPseudonymInfo, pseudonymFor, rotateExportPseudonyms } from '@/lib/data/pseudonyms';
import { exportTherapistAlertsCsv } from '@/lib/data/supervisor';
import { auditEvents, clinics } from '@/db/schema';
import { buildWorld, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * The "de-identified" alert export (issue 12, item 3): pseudonyms are a keyed HMAC with a secret
 * per clinic, kept on the server, so knowing a clinic id and a client id is not enough to find a
 * client in the file. Stable across exports until an admin rotates the key; the file says what it
 * does and does not protect.
 */
const unkeyed = (clinicId: string, id: string, prefix: string) => `${prefix}-${createHash('sha256').update(`${clinicId}:${id}`).digest('hex').slice(0, 10)}`;

describeEachEngine('keyed export pseudonyms', (ctx) => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  const exportA = () => exportTherapistAlertsCsv(world.actors.supervisorA, world.users.therapistA1.userId);
  /** The data rows (after the note line and the header), as [alert, client] pseudonym pairs. */
  const pseudonymsIn = (csv: string) =>
    csv
      .trim()
      .split('\r\n')
      .slice(2)
      .map((line) => line.split(',').slice(0, 2) as [string, string]);
  const keyOf = async (clinicId: string) => (await ctx.db.select({ key: clinics.exportPseudonymKey }).from(clinics).where(eq(clinics.id, clinicId)))[0]!.key;

  it('says in the file what it protects and what it does not', async () => {
    const lines = (await exportA()).split('\r\n');
    expect(lines[0]).toMatch(/^# /);
    expect(lines[0]).not.toContain(',');
    expect(lines[0]).toMatch(/keyed pseudonyms/);
    expect(lines[0]).toMatch(/until an admin rotates/);
    expect(lines[0]).toMatch(/NOT anonymous/);
    expect(lines[1]).toBe('alert,client,kind,severity,rule,status,created_month,acknowledged_month,acknowledged_within_7_days,repaired,escalated');
  });

  it('uses a keyed HMAC: not the unkeyed SHA-256 of clinic and id, stable across exports, different per clinic', async () => {
    const first = pseudonymsIn(await exportA());
    expect(first.length).toBeGreaterThan(0);
    const [alert, client] = first[0]!;
    expect(client).toMatch(/^C-[0-9a-f]{10}$/);
    expect(alert).toMatch(/^A-[0-9a-f]{10}$/);
    expect(first.map(([, c]) => c)).not.toContain(unkeyed(world.clinicA, world.clients.c1.id, 'C'));
    expect(first.map(([a]) => a)).not.toContain(unkeyed(world.clinicA, world.alertC1, 'A'));
    const keyA = await keyOf(world.clinicA);
    expect(keyA).toMatch(/^[0-9a-f]{64}$/);
    expect(first.map(([, c]) => c)).toContain(pseudonymFor(keyA!, 'C', world.clients.c1.id));
    expect(pseudonymsIn(await exportA())).toEqual(first);

    // Clinic B gets its own key on its first export: the same id would get another pseudonym there.
    await exportTherapistAlertsCsv(world.actors.supervisorB, world.users.therapistB1.userId);
    const keyB = await keyOf(world.clinicB);
    expect(keyB).toMatch(/^[0-9a-f]{64}$/);
    expect(keyB).not.toBe(keyA);
    expect(pseudonymFor(keyB!, 'C', world.clients.c1.id)).not.toBe(pseudonymFor(keyA!, 'C', world.clients.c1.id));
  });

  it('rotation (admins only, audited) makes old and new exports unlinkable, in that clinic only', async () => {
    const before = pseudonymsIn(await exportA());
    const keyB = await keyOf(world.clinicB);
    for (const actor of [world.actors.supervisorA, world.actors.therapistA1, world.actors.clientC1]) {
      await expect(rotateExportPseudonyms(actor)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(pseudonymsIn(await exportA())).toEqual(before);

    const infoBefore = await getExportPseudonymInfo(world.actors.adminA);
    await rotateExportPseudonyms(world.actors.adminA);
    const after = pseudonymsIn(await exportA());
    expect(after).toHaveLength(before.length);
    for (const [i, [alert, client]] of after.entries()) {
      expect(alert).not.toBe(before[i]![0]);
      expect(client).not.toBe(before[i]![1]);
    }
    expect(await keyOf(world.clinicB)).toBe(keyB);
    const infoAfter = await getExportPseudonymInfo(world.actors.adminA);
    expect(infoAfter.keyCreatedAt!.getTime()).toBeGreaterThanOrEqual(infoBefore.keyCreatedAt!.getTime());
    expect(Object.keys(infoAfter)).toEqual(['keyCreatedAt']);
    await expect(getExportPseudonymInfo(world.actors.supervisorA)).rejects.toBeInstanceOf(ForbiddenError);

    const audited = await ctx.db
      .select({ outcome: auditEvents.outcome, actorUserId: auditEvents.actorUserId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'admin.settings.rotate_export_pseudonyms'), eq(auditEvents.clinicId, world.clinicA)));
    // The rotation, and each refused attempt (issue 12: every refusal is audited).
    expect(audited.filter((a) => a.outcome === 'success')).toEqual([{ outcome: 'success', actorUserId: world.actors.adminA.userId }]);
    expect(
      audited
        .filter((a) => a.outcome === 'denied')
        .map((a) => a.actorUserId)
        .sort(),
    ).toEqual([world.actors.supervisorA, world.actors.therapistA1, world.actors.clientC1].map((a) => a.userId).sort());
  });
});
