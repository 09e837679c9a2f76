/** Runs once when the server starts: a wrong or missing variable stops it with one clear line. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startNodeServer } = await import('./instrumentation-node');
  await startNodeServer();
}
