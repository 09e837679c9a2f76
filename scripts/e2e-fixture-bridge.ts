import { chmodSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import type { DatabaseHandle } from '@/db/client';

/*
 * Browser-test fixtures on the e2e server's own database, on either engine. An embedded PGlite
 * directory can be open in one process only — the server's — so the Playwright fixtures
 * (e2e/helpers.ts) cannot open it themselves; they send their SQL here instead. Started only by
 * scripts/serve.ts when scripts/e2e-server.ts passes --fixture-bridge <socket>: a Unix socket in the
 * temp folder, readable and writable by this user only, never a TCP port. `npm start` has no such
 * flag, so no real server ever runs one.
 *
 * One request: POST / with {"text": "select … where id = $1", "params": [...]} → {"rows": [...]}
 * (dates as ISO strings), or 500 with {"error": message}.
 */

export type BridgeQuery = { text: string; params: unknown[] };

async function runQuery(handle: DatabaseHandle, { text, params }: BridgeQuery): Promise<unknown[]> {
  const client = (handle.db as unknown as { $client: unknown }).$client;
  if (handle.engine === 'pglite') return (await (client as PGlite).query(text, params)).rows;
  return [...(await (client as postgres.Sql).unsafe(text, params as postgres.ParameterOrJSON<never>[]))];
}

export async function startFixtureBridge(socketPath: string, database: () => DatabaseHandle): Promise<Server> {
  rmSync(socketPath, { force: true });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST') return reply(405, { error: 'POST only' });
      let query: BridgeQuery;
      try {
        query = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BridgeQuery;
        if (typeof query.text !== 'string' || !Array.isArray(query.params)) throw new Error('expected {text, params}');
      } catch (error) {
        return reply(400, { error: error instanceof Error ? error.message : String(error) });
      }
      runQuery(database(), query).then(
        (rows) => reply(200, { rows }),
        (error: unknown) => reply(500, { error: error instanceof Error ? error.message : String(error) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  chmodSync(socketPath, 0o600);
  server.on('close', () => rmSync(socketPath, { force: true }));
  return server;
}

/** The client side (Playwright fixtures): runs one statement through the bridge and returns its rows. */
export function bridgeQuery<Rows>(socketPath: string, query: BridgeQuery): Promise<Rows> {
  const body = JSON.stringify(query);
  return new Promise((resolve, reject) => {
    const req = request(
      // A connection per statement: a kept-alive socket can be closed by the server (keepAliveTimeout)
      // while this process is blocked (the sweep journey waits on a child process), and reusing it fails
      // with EPIPE.
      { socketPath, agent: false, path: '/', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { rows?: Rows; error?: string };
            if (res.statusCode === 200 && parsed.rows) resolve(parsed.rows);
            else reject(new Error(`Fixture bridge: ${parsed.error ?? `status ${res.statusCode}`}\n${query.text}`));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
