import { describe, expect, it } from 'vitest';
import { getAuthSecret, parseEnv } from './env';

const SECRET = 'x'.repeat(32);
const KEY = Buffer.alloc(32, 7).toString('base64');

describe('parseEnv', () => {
  it('embedded mode needs only AUTH_SECRET (created by npm start) and fills defaults', () => {
    const result = parseEnv({ AUTH_SECRET: SECRET });
    expect(result.ok && result.env).toMatchObject({ mode: 'embedded', PORT: 3000, PGLITE_DIR: './.data/pglite', SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12 });
  });
  it('embedded mode without AUTH_SECRET says how to get one', () => {
    const result = parseEnv({});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/npm start/);
  });
  it('server mode requires the shared secrets and generates nothing', () => {
    const result = parseEnv({ DATABASE_URL: 'postgres://db/rapport', AUTH_SECRET: SECRET });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('AUTH_URL');
      expect(result.message).toContain('NEXT_SERVER_ACTIONS_ENCRYPTION_KEY');
      expect(result.message).not.toContain('\n');
    }
  });
  it('server mode with everything set is valid', () => {
    const result = parseEnv({ DATABASE_URL: 'postgresql://u@db:5432/rapport', AUTH_SECRET: SECRET, AUTH_URL: 'https://rapport.example.org', NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: KEY });
    expect(result.ok && result.env.mode).toBe('server');
  });
  it.each([
    [{ DATABASE_URL: 'mysql://db/x', AUTH_SECRET: SECRET }, /DATABASE_URL: must be a postgres/],
    [{ AUTH_SECRET: 'short' }, /AUTH_SECRET: must be at least 32/],
    [{ AUTH_SECRET: SECRET, PORT: 'eighty' }, /PORT: must be a positive whole number/],
    [{ AUTH_SECRET: SECRET, PORT: '-1' }, /PORT/],
    [{ AUTH_SECRET: SECRET, SESSION_IDLE_MINUTES: '1.5' }, /SESSION_IDLE_MINUTES/],
    [{ AUTH_SECRET: SECRET, AUTH_URL: 'not a url' }, /AUTH_URL: must be the public origin/],
    [{ AUTH_SECRET: SECRET, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: 'abc' }, /NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: must be a base64/],
    [{ AUTH_SECRET: SECRET, DATABASE_PREPARE: 'no' }, /DATABASE_PREPARE: must be true or false/],
    [{ AUTH_SECRET: SECRET, DATABASE_REPLICA_URL: 'postgres://replica/x' }, /DATABASE_REPLICA_URL is set without DATABASE_URL/],
    [{ AUTH_SECRET: SECRET, DATABASE_URL: 'postgres://db/x', DATABASE_REPLICA_URL: 'mysql://replica/x' }, /DATABASE_REPLICA_URL: must be a postgres/],
  ])('a bad value gets one clear line: %j', (source, message) => {
    const result = parseEnv(source);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.message.split('\n')).toHaveLength(1);
    }
  });
});

describe('getAuthSecret', () => {
  const saved = process.env.AUTH_SECRET;
  const restore = () => {
    if (saved === undefined) delete process.env.AUTH_SECRET;
    else process.env.AUTH_SECRET = saved;
  };

  it('returns AUTH_SECRET when it is long enough, and refuses a short or missing one', () => {
    try {
      process.env.AUTH_SECRET = 'x'.repeat(32);
      expect(getAuthSecret()).toBe('x'.repeat(32));
      process.env.AUTH_SECRET = 'too-short';
      expect(() => getAuthSecret()).toThrow(/AUTH_SECRET: must be at least 32 characters/);
      delete process.env.AUTH_SECRET;
      expect(() => getAuthSecret()).toThrow(/AUTH_SECRET is not set/);
    } finally {
      restore();
    }
  });
});
