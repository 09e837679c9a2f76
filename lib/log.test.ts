import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, logger, loggerFor, REDACTED_FIELDS, requestLogger, setLogger } from './log';

vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-request-id': 'req-7f3a' }) }));

/** A logger writing into an array of parsed JSON lines. */
function capture(level: 'info' | 'warn' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level, destination }), lines, raw };
}

const NOTE = 'Talked about her brother’s overdose';

afterEach(() => {
  setLogger(undefined);
  vi.unstubAllEnvs();
});

describe('the server log', () => {
  it('writes one JSON object a line with a level name, a time and the message', () => {
    const { log, lines } = capture();
    log.info({ clientId: 'c-1', count: 3 }, 'sweep done');
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'sweep done', clientId: 'c-1', count: 3, time: expect.any(String) })]);
  });

  it('redacts every known PHI and credential field, at the top level and one level down', () => {
    const { log, raw, lines } = capture();
    for (const field of REDACTED_FIELDS) {
      log.warn({ [field]: `${NOTE} (${field})`, nested: { [field]: `${NOTE} (nested ${field})` } }, 'something');
    }
    expect(raw.join('')).not.toContain(NOTE);
    expect(lines[0]).toMatchObject({ answers: '[redacted]', nested: { answers: '[redacted]' } });
  });

  it('keeps what says what happened without saying about whom', () => {
    const { log, lines } = capture();
    log.warn({ action: 'session.record', outcome: 'denied', userId: 'u-1', code: '23505' }, 'refused');
    expect(lines[0]).toMatchObject({ action: 'session.record', outcome: 'denied', userId: 'u-1', code: '23505' });
  });

  it('drops a failed query’s parameters from the error, its message, its stack and its cause', () => {
    const { log, raw, lines } = capture();
    const cause = Object.assign(new Error('null value in column "occurred_at" violates not-null constraint'), {
      code: '23502',
      detail: `Failing row contains (1, null, ${NOTE}).`,
      params: ['c-1', NOTE],
    });
    log.error({ err: new DrizzleQueryError('insert into therapy_sessions values ($1, $2)', ['c-1', NOTE], cause) }, 'query failed');
    expect(raw.join('')).not.toContain(NOTE);
    const err = lines[0]!.err as Record<string, unknown>;
    expect(err.message).toContain('insert into therapy_sessions values ($1, $2)\nparams: [redacted] (2)');
    expect(err.message).toContain('violates not-null constraint');
    expect(err).not.toHaveProperty('params');
  });

  it('puts the request id on every line logged for a request', async () => {
    const { log, lines } = capture();
    setLogger(log);
    const forRequest = loggerFor('req-1');
    forRequest.info('one');
    forRequest.child({ scope: 'mail' }).warn('two');
    (await requestLogger()).error('three');
    expect(lines.map((line) => line.requestId)).toEqual(['req-1', 'req-1', 'req-7f3a']);
    loggerFor(null).info('outside a request');
    expect(lines.at(-1)).not.toHaveProperty('requestId');
  });

  it('logs at LOG_LEVEL (default info)', () => {
    vi.stubEnv('LOG_LEVEL', 'warn');
    expect(logger().level).toBe('warn');
    setLogger(undefined);
    vi.stubEnv('LOG_LEVEL', '');
    expect(logger().level).toBe('info');
  });
});
