import type postgres from 'postgres';

/*
 * Server mode runs with two PostgreSQL roles:
 *   - the owner (DATABASE_MIGRATION_URL) owns the schema and runs migrations, restores and this grant;
 *   - the app role (DATABASE_URL) can only read and write rows: SELECT, INSERT, UPDATE, DELETE on the
 *     tables and USAGE on the sequences, now and (default privileges) for tables later migrations
 *     create. On audit_events it may only SELECT and INSERT. It owns nothing, so it cannot ALTER TABLE
 *     … DISABLE TRIGGER, drop the append-only trigger, or TRUNCATE the audit trail.
 * Run as the owner, after the migrations (audit_events must exist); running it again is harmless.
 */

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class AppRoleError extends Error {
  override name = 'AppRoleError';
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export type AppRoleResult = { role: string; created: boolean; database: string; owner: string };

/**
 * Creates (or updates) the app's role and gives it row access only. `owner` is a connection as the
 * role that owns the tables. A password, when given, is set on the role (created or existing).
 */
export async function grantAppRole(owner: postgres.Sql, role: string, { password }: { password?: string } = {}): Promise<AppRoleResult> {
  if (!ROLE_NAME.test(role)) throw new AppRoleError(`"${role}" is not a plain role name (lower-case letters, digits and _ only).`);
  return owner.begin(async (tx) => {
    const [context] = await tx<{ owner: string; database: string; auditOwner: string | null }[]>`
      select current_user as owner, current_database() as database,
             (select tableowner from pg_tables where schemaname = 'public' and tablename = 'audit_events') as "auditOwner"`;
    const { owner: ownerRole, database, auditOwner } = context!;
    if (auditOwner === null) throw new AppRoleError('audit_events does not exist yet: run the migrations first (npm run db:migrate), then this.');
    if (auditOwner !== ownerRole)
      throw new AppRoleError(`connect as the role that owns the tables (${auditOwner}), not ${ownerRole}: default privileges are per owner.`);
    if (role === ownerRole) throw new AppRoleError(`${role} owns the tables; the app role must be a different role.`);

    const [existing] = await tx<{ superuser: boolean; bypassRls: boolean; memberOfOwner: boolean }[]>`
      select rolsuper as superuser, rolbypassrls as "bypassRls", pg_has_role(${role}, ${ownerRole}, 'member') as "memberOfOwner"
      from pg_roles where rolname = ${role}`;
    const passwordClause = password ? ` password ${quoteLiteral(password)}` : '';
    if (!existing) {
      const [self] = await tx<{ canCreateRoles: boolean }[]>`select rolcreaterole or rolsuper as "canCreateRoles" from pg_roles where rolname = current_user`;
      if (!self?.canCreateRoles) {
        throw new AppRoleError(
          `${ownerRole} may not create roles: as an administrator run  create role ${quoteIdent(role)} login password '…';  then run this again.`,
        );
      }
      await tx.unsafe(`create role ${quoteIdent(role)} login nosuperuser nocreatedb nocreaterole${passwordClause}`);
    } else {
      if (existing.superuser || existing.bypassRls)
        throw new AppRoleError(`${role} is a superuser (or bypasses row security): it can do anything; choose another role.`);
      if (existing.memberOfOwner) throw new AppRoleError(`${role} is a member of ${ownerRole} and has its privileges; revoke that membership first.`);
      if (password) await tx.unsafe(`alter role ${quoteIdent(role)}${passwordClause}`);
    }

    const app = quoteIdent(role);
    for (const statement of [
      `grant connect on database ${quoteIdent(database)} to ${app}`,
      `grant usage on schema public to ${app}`,
      `grant select, insert, update, delete on all tables in schema public to ${app}`,
      `grant usage, select on all sequences in schema public to ${app}`,
      // Tables and sequences the owner creates later (new migrations) get the same, and only that.
      `alter default privileges for role ${quoteIdent(ownerRole)} in schema public grant select, insert, update, delete on tables to ${app}`,
      `alter default privileges for role ${quoteIdent(ownerRole)} in schema public grant usage, select on sequences to ${app}`,
      // The audit trail: read and append. The trigger refuses UPDATE/DELETE too; this refuses them first.
      `revoke update, delete, truncate, trigger, references on table public.audit_events from ${app}`,
    ]) {
      await tx.unsafe(statement);
    }
    return { role, created: !existing, database, owner: ownerRole };
  });
}
