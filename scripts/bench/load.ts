import autocannon from 'autocannon';

/*
 * One autocannon run: `connections` keep-alive connections for `duration` seconds, each connection
 * one signed-in user (its own cookie, and its own path when paths differ per user). Latencies are
 * recorded per response so p95 is exact (autocannon's summary has p97.5, not p95).
 */

export type LoadStats = {
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
};

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export type Visitor = { path: string; cookie?: string };

export async function runLoad(origin: string, visitors: readonly Visitor[], connections: number, durationS: number): Promise<LoadStats> {
  if (visitors.length === 0) throw new Error('runLoad needs at least one visitor');
  let next = 0;
  const latencies: number[] = [];
  let non2xx = 0;
  const instance = autocannon({
    url: origin,
    connections,
    duration: durationS,
    timeout: 30,
    requests: [
      {
        method: 'GET',
        setupRequest: (request, context) => {
          if (context.visitor === undefined) context.visitor = visitors[next++ % visitors.length];
          const visitor = context.visitor as Visitor;
          return { ...request, path: visitor.path, headers: { ...(request.headers ?? {}), ...(visitor.cookie ? { cookie: visitor.cookie } : {}) } };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (statusCode < 200 || statusCode >= 300) non2xx += 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    connections,
    durationS,
    requests: latencies.length,
    rps: latencies.length / (result.duration || durationS),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    errors: result.errors + result.timeouts + non2xx,
    non2xx,
  };
}

/** Runs `task` with `concurrency` workers until `durationS` passes or `take` runs dry. */
export async function runWorkers<T>(concurrency: number, durationS: number, take: () => T | undefined, task: (item: T) => Promise<void>) {
  const latencies: number[] = [];
  let errors = 0;
  let exhausted = false;
  const started = performance.now();
  const deadline = started + durationS * 1000;
  const errorSamples: string[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const item = take();
        if (item === undefined) {
          exhausted = true;
          return;
        }
        const t0 = performance.now();
        try {
          await task(item);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          if (errorSamples.length < 3) errorSamples.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const stats: LoadStats = {
    connections: concurrency,
    durationS: elapsed,
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    errors,
    non2xx: 0,
  };
  return { stats, exhausted, errorSamples };
}
