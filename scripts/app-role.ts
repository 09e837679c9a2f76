import postgres from 'postgres';
import { grantAppRole } from '@/db/app-role';
import { EnvError, getDatabaseEnv } from '@/lib/env';
import { describeError } from './lib/cli';

/*
 * npm run db:app-role -- <role>
 * Connects as the owner (DATABASE_MIGRATION_URL, else DATABASE_URL), creates the app's role if it
 * does not exist and grants it row access only (db/app-role.ts). The password comes from
 * APP_ROLE_PASSWORD, never the command line (other users can read that in `ps`).
 */
const role = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!role) {
  console.error('Usage: APP_ROLE_PASSWORD=… npm run db:app-role -- <role>   (run as the owner, after npm run db:migrate)');
  process.exit(1);
}

async function main(name: string): Promise<void> {
  const env = getDatabaseEnv();
  if (!env.DATABASE_MIGRATION_URL)
    throw new EnvError('Set DATABASE_MIGRATION_URL (or DATABASE_URL) to the owner role: database roles exist in server mode only.');
  const owner = postgres(env.DATABASE_MIGRATION_URL, { max: 1, onnotice: () => {} });
  try {
    const result = await grantAppRole(owner, name, { password: process.env.APP_ROLE_PASSWORD || undefined });
    console.log(
      `${result.created ? 'Created' : 'Updated'} role ${result.role} on ${result.database}: rows only, audit_events append-only, tables owned by ${result.owner}.\n` +
        `Run Rapport with DATABASE_URL connecting as ${result.role} and DATABASE_MIGRATION_URL as ${result.owner}.` +
        (result.created && !process.env.APP_ROLE_PASSWORD
          ? `\nThe role has no password: set APP_ROLE_PASSWORD and run this again, or use another authentication method.`
          : ''),
    );
  } finally {
    await owner.end({ timeout: 5 });
  }
}

main(role).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`Error: ${describeError(error)}`);
    process.exit(1);
  },
);
