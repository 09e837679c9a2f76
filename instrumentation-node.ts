import { getEnv, type Env } from './lib/env';

/** Node-only start-up work (imported by instrumentation.ts on the Node.js runtime only). */
export async function startNodeServer(): Promise<void> {
  let env: Env;
  try {
    env = getEnv();
  } catch (error) {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (env.mode === 'embedded') {
    // Take the embedded database (and its lock) now, so a second process is refused from the start.
    const { getDatabase } = await import('./db/client');
    try {
      getDatabase();
    } catch (error) {
      console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
  // Time-based work (expiry, missed measures, escalation, mail) every few minutes; safe on every instance.
  const { runSweep } = await import('./lib/data/sweep');
  const { logger } = await import('./lib/log');
  const sweep = () => runSweep().catch((error: unknown) => logger().error({ err: error }, 'Sweep failed; it runs again at the next interval'));
  setTimeout(() => void sweep(), 10_000).unref();
  setInterval(() => void sweep(), env.SWEEP_INTERVAL_MINUTES * 60_000).unref();
}
