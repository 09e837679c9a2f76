import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppRoleError, grantAppRole } from '@/db/app-role';
import { openDatabase, setDatabase, type DatabaseHandle } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { recordSession } from '@/lib/data/sessions';
import { buildWorld, type World } from './fixtures';
import { queryRows } from './harness';
import { databaseUrlFor, quoteIdent } from './pg-urls';

/*
 * Server mode's two roles (issue 12, item 8), on PostgreSQL only (PGlite has no roles): the owner
 * migrates; the app role (db/app-role.ts) reads and writes rows, appends to the audit trail, and
 * is refused everything that could rewrite or silence it.
 */

const adminUrl = inject('pgAdminUrl');
const suffix = `${process.pid}_${randomBytes(5).toString('hex')}`;
const databaseName = `rapport_it_${suffix}`;
const ownerRole = `rapport_it_owner_${suffix}`;
const appRole = `rapport_it_app_${suffix}`;
const appPassword = randomBytes(12).toString('hex');

function urlAs(role: string, password: string): string {
  const url = new URL(databaseUrlFor(adminUrl!, databaseName));
  url.username = role;
  url.password = password;
  return url.toString();
}

/** PostgreSQL's "insufficient privilege" (also "must be owner of table"). */
const REFUSED = { code: '42501' };

describe.runIf(Boolean(adminUrl))('least-privilege app role [postgres]', () => {
  let admin: postgres.Sql;
  let ownerSql: postgres.Sql;
  let owner: DatabaseHandle;
  let app: DatabaseHandle;
  let world: World;

  beforeAll(async () => {
    admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    const ownerPassword = randomBytes(12).toString('hex');
    // Like a managed database's main user: owns the database, may create roles, is no superuser.
    await admin.unsafe(`create role ${quoteIdent(ownerRole)} login createrole password '${ownerPassword}'`);
    await admin.unsafe(`create database ${quoteIdent(databaseName)} owner ${quoteIdent(ownerRole)}`);
    ownerSql = postgres(urlAs(ownerRole, ownerPassword), { max: 1, onnotice: () => {} });
    owner = openDatabase({ url: urlAs(ownerRole, ownerPassword) });
  });

  afterAll(async () => {
    setDatabase(undefined);
    await app?.close();
    await owner?.close();
    await ownerSql?.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${quoteIdent(databaseName)} with (force)`);
    await admin.unsafe(`drop role if exists ${quoteIdent(appRole)}`);
    await admin.unsafe(`drop role if exists ${quoteIdent(ownerRole)}`);
    await admin.end({ timeout: 5 });
  });

  it('is granted only after the migrations, by the owner, to a role other than the owner', async () => {
    await expect(grantAppRole(ownerSql, appRole)).rejects.toThrow(/run the migrations first/);
    await migrateDatabase(owner);
    await expect(grantAppRole(ownerSql, ownerRole)).rejects.toBeInstanceOf(AppRoleError);
    await expect(grantAppRole(ownerSql, 'Robert"; drop table users; --')).rejects.toBeInstanceOf(AppRoleError);
    expect(await grantAppRole(ownerSql, appRole, { password: appPassword })).toMatchObject({ role: appRole, created: true, owner: ownerRole });
    // Again (after a later migration, say): harmless.
    expect(await grantAppRole(ownerSql, appRole, { password: appPassword })).toMatchObject({ created: false });
    app = openDatabase({ url: urlAs(appRole, appPassword) });
    setDatabase(app);
  });

  it('does the app’s normal writes, audit events included', async () => {
    world = await buildWorld(app.db);
    const recorded = await recordSession(world.actors.therapistA1, world.clients.c1.id, {
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      attendance: 'attended',
      note: 'app role test',
    });
    const audit = await queryRows<{ action: string }>(app.db, sql`select action from audit_events where target_id = ${recorded.sessionId}`);
    expect(audit.map((row) => row.action)).toEqual(['session.record']);
  });

  it('cannot update, delete or truncate the audit trail', async () => {
    await expect(app.exec(`update audit_events set action = 'rewritten'`)).rejects.toMatchObject(REFUSED);
    await expect(app.exec(`delete from audit_events`)).rejects.toMatchObject(REFUSED);
    await expect(app.exec(`truncate audit_events`)).rejects.toMatchObject(REFUSED);
    await expect(app.exec(`truncate users cascade`)).rejects.toMatchObject(REFUSED);
    const [kept] = await queryRows<{ count: number }>(app.db, sql`select count(*)::int as count from audit_events where action <> 'rewritten'`);
    expect(kept?.count).toBeGreaterThan(0);
  });

  it('cannot disable or drop the append-only trigger, nor change any table', async () => {
    await expect(app.exec(`alter table audit_events disable trigger audit_events_no_update_or_delete`)).rejects.toMatchObject(REFUSED);
    await expect(app.exec(`alter table audit_events disable trigger all`)).rejects.toMatchObject(REFUSED);
    await expect(app.exec(`drop trigger audit_events_no_update_or_delete on audit_events`)).rejects.toMatchObject(REFUSED);
    await expect(app.exec(`alter table users add column shadow text`)).rejects.toMatchObject(REFUSED);
    // The owner can (rolled back): the refusals above are the role's, not the statements'.
    await ownerSql.unsafe(`begin; alter table audit_events disable trigger audit_events_no_update_or_delete; rollback;`);
  });

  it('gets row access, and only that, on tables a later migration creates', async () => {
    await owner.exec(`create table later_migration (id integer primary key, label text)`);
    await app.exec(`insert into later_migration values (1, 'new'); update later_migration set label = 'changed'; delete from later_migration`);
    await expect(app.exec(`truncate later_migration`)).rejects.toMatchObject(REFUSED);
  });
});
