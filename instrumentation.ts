/** Runs once when the server starts: a wrong or missing variable stops it with one clear line. */
export async function register() {
  // NEXT_RUNTIME is Next's own, set per bundle at build time, not configuration.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startNodeServer } = await import('./instrumentation-node');
  await startNodeServer();
}
