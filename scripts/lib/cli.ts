import { openDatabase, type DatabaseHandle } from '@/db/client';
import { DatabaseLockedError } from '@/db/lock';
import { EnvError, getDatabaseEnv } from '@/lib/env';

/**
 * Runs a command-line task against the configured database and exits with a clear message.
 * `asOwner`: tasks that change the schema or truncate (migrate, seed, restore) connect as the owner
 * role (DATABASE_MIGRATION_URL when set); the app's own role may not.
 */
export async function runWithDatabase(
  task: (handle: DatabaseHandle) => Promise<string | void>,
  { asOwner = false }: { asOwner?: boolean } = {},
): Promise<void> {
  let handle: DatabaseHandle | undefined;
  try {
    const env = getDatabaseEnv();
    handle = openDatabase({ url: asOwner ? env.DATABASE_MIGRATION_URL : env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 4 });
    const message = await task(handle);
    if (message) console.log(message);
    await handle.close();
    process.exit(0);
  } catch (error) {
    await handle?.close().catch(() => {});
    console.error(`Error: ${describeError(error)}`);
    process.exit(1);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof EnvError || error instanceof DatabaseLockedError) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return `cannot reach the database (${error.message}); is PostgreSQL running and DATABASE_URL right?`;
    return error.message;
  }
  return String(error);
}

export function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}
