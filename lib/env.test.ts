import { afterEach, describe, expect, it } from 'vitest';
import { EnvError, getAuthSecret, getDatabaseEnv, getLoginIpMaxFailures, getLogLevel, getMailSettings, getTrustedProxies, isBenchMode, parseEnv } from './env';

const SECRET = 'x'.repeat(32);
const KEY = Buffer.alloc(32, 7).toString('base64');

describe('parseEnv', () => {
  it('embedded mode needs only AUTH_SECRET (created by npm start) and fills defaults', () => {
    const result = parseEnv({ AUTH_SECRET: SECRET });
    expect(result.ok && result.env).toMatchObject({
      mode: 'embedded',
      PORT: 3000,
      PGLITE_DIR: './.data/pglite',
      SESSION_IDLE_MINUTES: 30,
      SESSION_ABSOLUTE_HOURS: 12,
    });
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
    const result = parseEnv({
      DATABASE_URL: 'postgresql://u@db:5432/rapport',
      AUTH_SECRET: SECRET,
      AUTH_URL: 'https://rapport.example.org',
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: KEY,
    });
    expect(result.ok && result.env.mode).toBe('server');
  });
  it('LOG_LEVEL defaults to info and accepts pino levels', () => {
    const byDefault = parseEnv({ AUTH_SECRET: SECRET });
    expect(byDefault.ok && byDefault.env.LOG_LEVEL).toBe('info');
    const quiet = parseEnv({ AUTH_SECRET: SECRET, LOG_LEVEL: 'warn' });
    expect(quiet.ok && quiet.env.LOG_LEVEL).toBe('warn');
  });
  it('DATABASE_MIGRATION_URL is optional in server mode', () => {
    const result = parseEnv({
      DATABASE_URL: 'postgres://rapport_app@db/rapport',
      DATABASE_MIGRATION_URL: 'postgres://rapport_owner@db/rapport',
      AUTH_SECRET: SECRET,
      AUTH_URL: 'https://rapport.example.org',
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: KEY,
    });
    expect(result.ok && result.env.DATABASE_MIGRATION_URL).toBe('postgres://rapport_owner@db/rapport');
  });
  it('embedded mode listens on this computer only unless HOST says otherwise', () => {
    const byDefault = parseEnv({ AUTH_SECRET: SECRET });
    expect(byDefault.ok && byDefault.env.listenHost).toBe('127.0.0.1');
    for (const host of ['0.0.0.0', '::', '::1', '192.168.1.20', 'localhost', 'rapport.internal']) {
      const chosen = parseEnv({ AUTH_SECRET: SECRET, HOST: host });
      expect(chosen.ok && chosen.env.listenHost).toBe(host);
    }
    const blank = parseEnv({ AUTH_SECRET: SECRET, HOST: ' ' });
    expect(blank.ok && blank.env.listenHost).toBe('127.0.0.1');
  });
  it('server mode listens on every interface unless HOST is set', () => {
    const server = {
      DATABASE_URL: 'postgres://db/rapport',
      AUTH_SECRET: SECRET,
      AUTH_URL: 'https://rapport.example.org',
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: KEY,
    };
    const byDefault = parseEnv(server);
    expect(byDefault.ok && byDefault.env.listenHost).toBeUndefined();
    const chosen = parseEnv({ ...server, HOST: '10.0.0.5' });
    expect(chosen.ok && chosen.env.listenHost).toBe('10.0.0.5');
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
    [{ AUTH_SECRET: SECRET, DATABASE_MIGRATION_URL: 'postgres://owner@db/x' }, /DATABASE_MIGRATION_URL is set without DATABASE_URL/],
    [{ AUTH_SECRET: SECRET, DATABASE_URL: 'postgres://db/x', DATABASE_MIGRATION_URL: 'owner@db/x' }, /DATABASE_MIGRATION_URL: must be a postgres/],
    [{ AUTH_SECRET: SECRET, LOG_LEVEL: 'verbose' }, /LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ AUTH_SECRET: SECRET, TRUSTED_PROXIES: '10.0.0.0/8, 10.0.0.0/33' }, /TRUSTED_PROXIES: "10\.0\.0\.0\/33" is not an IPv4 or IPv6/],
    [{ AUTH_SECRET: SECRET, TRUSTED_PROXIES: 'proxy.internal' }, /TRUSTED_PROXIES: "proxy\.internal"/],
    [{ AUTH_SECRET: SECRET, HOST: 'http://localhost' }, /HOST: must be an IP address or host name/],
    [{ AUTH_SECRET: SECRET, HOST: '127.0.0.1:3000' }, /HOST: must be an IP address or host name/],
    [{ AUTH_SECRET: SECRET, HOST: '300.1.1.1' }, /HOST: must be an IP address or host name/],
    [{ AUTH_SECRET: SECRET, HOST: 'my host' }, /HOST: must be an IP address or host name/],
    [{ AUTH_SECRET: SECRET, HOST: '[::1]' }, /HOST: must be an IP address or host name/],
  ])('a bad value gets one clear line: %j', (source, message) => {
    const result = parseEnv(source);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.message.split('\n')).toHaveLength(1);
    }
  });

  it('TRUSTED_PROXIES: unset or empty trusts nobody; a list is parsed into ranges', () => {
    for (const value of [undefined, '', ' , ']) {
      const result = parseEnv({ AUTH_SECRET: SECRET, TRUSTED_PROXIES: value });
      expect(result.ok && result.env.TRUSTED_PROXIES).toBeNull();
    }
    const result = parseEnv({ AUTH_SECRET: SECRET, TRUSTED_PROXIES: '10.0.0.0/8,::1/128' });
    expect(result.ok && result.env.TRUSTED_PROXIES?.ranges).toEqual(['10.0.0.0/8', '::1/128']);
  });
});

describe('getTrustedProxies', () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXIES;
  });

  it('reads TRUSTED_PROXIES alone and follows changes to it', () => {
    delete process.env.TRUSTED_PROXIES;
    expect(getTrustedProxies()).toBeNull();
    process.env.TRUSTED_PROXIES = '192.0.2.0/24';
    expect(getTrustedProxies()?.ranges).toEqual(['192.0.2.0/24']);
  });

  it('a bad entry is an EnvError with one line naming it', () => {
    process.env.TRUSTED_PROXIES = '192.0.2.0/24,2001:db8::/200';
    expect(() => getTrustedProxies()).toThrow(EnvError);
    expect(() => getTrustedProxies()).toThrow(/^Invalid environment variable TRUSTED_PROXIES: "2001:db8::\/200" is not/);
  });
});

describe('getDatabaseEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  it('migrations use DATABASE_MIGRATION_URL when set, else DATABASE_URL', () => {
    process.env = { ...saved, DATABASE_URL: 'postgres://rapport_app@db/rapport', DATABASE_MIGRATION_URL: 'postgres://rapport_owner@db/rapport' };
    expect(getDatabaseEnv()).toMatchObject({
      DATABASE_URL: 'postgres://rapport_app@db/rapport',
      DATABASE_MIGRATION_URL: 'postgres://rapport_owner@db/rapport',
    });
    delete process.env.DATABASE_MIGRATION_URL;
    expect(getDatabaseEnv().DATABASE_MIGRATION_URL).toBe('postgres://rapport_app@db/rapport');
  });
});

describe('getLogLevel', () => {
  const saved = process.env.LOG_LEVEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
  });
  it('is info when unset and refuses an unknown level with one line', () => {
    delete process.env.LOG_LEVEL;
    expect(getLogLevel()).toBe('info');
    process.env.LOG_LEVEL = 'debug';
    expect(getLogLevel()).toBe('debug');
    process.env.LOG_LEVEL = 'loud';
    expect(() => getLogLevel()).toThrow(/^Invalid environment variable LOG_LEVEL: must be one of/);
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

describe('getMailSettings, getLoginIpMaxFailures, isBenchMode (read on every call)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('mail: unset SMTP_URL means no mail; the sender and the link origin have defaults', () => {
    process.env = { ...saved };
    for (const name of ['SMTP_URL', 'MAIL_FROM', 'AUTH_URL', 'PORT']) delete process.env[name];
    expect(getMailSettings()).toEqual({ smtpUrl: undefined, from: 'Rapport <no-reply@localhost>', publicOrigin: 'http://localhost:3000' });
    Object.assign(process.env, { SMTP_URL: 'smtp://mail.example.org:25', MAIL_FROM: 'Clinic <c@example.org>', AUTH_URL: 'https://rapport.example.org/' });
    expect(getMailSettings()).toEqual({ smtpUrl: 'smtp://mail.example.org:25', from: 'Clinic <c@example.org>', publicOrigin: 'https://rapport.example.org' });
    process.env.SMTP_URL = 'http://mail.example.org';
    expect(() => getMailSettings()).toThrow(EnvError);
  });

  it('the sign-in throttle defaults to 30 failures per address and refuses a non-number', () => {
    delete process.env.LOGIN_IP_MAX_FAILURES;
    expect(getLoginIpMaxFailures()).toBe(30);
    process.env.LOGIN_IP_MAX_FAILURES = '3';
    expect(getLoginIpMaxFailures()).toBe(3);
    process.env.LOGIN_IP_MAX_FAILURES = 'many';
    expect(() => getLoginIpMaxFailures()).toThrow(/LOGIN_IP_MAX_FAILURES: must be a positive whole number/);
  });

  it('bench mode only with RAPPORT_BENCH=1', () => {
    delete process.env.RAPPORT_BENCH;
    expect(isBenchMode()).toBe(false);
    process.env.RAPPORT_BENCH = '1';
    expect(isBenchMode()).toBe(true);
  });
});
