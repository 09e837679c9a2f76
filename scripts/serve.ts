import { parseArgs } from 'node:util';
import next from 'next';
import { createAppServer } from './lib/app-server';

/*
 * Serves the built app (what `next start` does) through Rapport's own HTTP server, so the app sees
 * the socket address of each request (lib/net/peer-address.ts). Started by scripts/start.ts and
 * scripts/e2e-server.ts: `node --import tsx scripts/serve.ts --port 3000 [--hostname 127.0.0.1]`.
 */
Object.assign(process.env, { NODE_ENV: 'production' });
process.env.NEXT_TELEMETRY_DISABLED = '1';

// --fixture-bridge <socket>: browser tests only (scripts/e2e-server.ts); see scripts/e2e-fixture-bridge.ts.
const { values } = parseArgs({ options: { port: { type: 'string', default: '3000' }, hostname: { type: 'string' }, 'fixture-bridge': { type: 'string' } } });
const port = Number(values.port);

async function main() {
  const app = next({ dev: false, dir: process.cwd(), port, hostname: values.hostname });
  await app.prepare();
  const server = createAppServer(app.getRequestHandler());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, values.hostname, resolve);
  });
  console.log(`Ready on ${values.hostname ?? '*'}:${port}`);
  const bridgeSocket = values['fixture-bridge'];
  if (bridgeSocket) {
    // The app's own handle (shared through globalThis by db/client), so PGlite stays one instance.
    const [{ startFixtureBridge }, { getDatabase }] = await Promise.all([import('./e2e-fixture-bridge'), import('@/db/client')]);
    await startFixtureBridge(bridgeSocket, getDatabase);
    console.log(`Fixture bridge on ${bridgeSocket} (browser tests only)`);
  }

  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    // Stop accepting connections and finish the requests in flight, as `next start` does.
    server.close(() => {
      app.close().then(
        () => process.exit(code),
        (error: unknown) => {
          console.error(error);
          process.exit(code);
        },
      );
    });
  };
  process.on('SIGINT', () => stop(130));
  process.on('SIGTERM', () => stop(143));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
