import { isIP } from 'node:net';
import { z } from 'zod';
import { TrustedProxies } from './net/client-address';

/**
 * Every environment variable Rapport reads, validated once. Embedded mode (no DATABASE_URL) needs
 * nothing: the start script creates AUTH_SECRET under ./.data/. Server mode (PostgreSQL) requires
 * the secrets shared by all instances, and never generates them.
 */
const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed <= 0) {
        ctx.addIssue({ code: 'custom', message: `must be a positive whole number, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    });

const postgresUrl = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .refine((v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v), { message: 'must be a postgres:// or postgresql:// connection URL' });

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const logLevel = z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info');
// Proxies whose X-Forwarded-For is believed (a CIDR list); unset: the socket address is the client.
const trustedProxiesSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const parsed = TrustedProxies.parse(value ?? '');
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `"${parsed.entry}" is not an IPv4 or IPv6 address or CIDR range (expected e.g. 10.0.0.0/8,::1/128)` });
      return z.NEVER;
    }
    return parsed.proxies.ranges.length > 0 ? parsed.proxies : null;
  });

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
// The address the server listens on: an IP address (0.0.0.0 or :: for every interface) or a host name.
const hostSchema = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .refine((v) => v === undefined || isIP(v) !== 0 || (HOST_NAME.test(v) && !/^[\d.]+$/.test(v)), {
    message: 'must be an IP address or host name to listen on, e.g. 127.0.0.1, 0.0.0.0 or ::',
  });

/** Where the server listens when HOST is unset in embedded mode: this computer only. */
export const EMBEDDED_DEFAULT_HOST = '127.0.0.1';

const baseSchema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v), {
      message: 'must be a postgres:// or postgresql:// connection URL',
    }),
  // A read replica for supervisor analytics (server mode only); unset: everything reads the primary.
  DATABASE_REPLICA_URL: postgresUrl,
  // The owner role's URL, for migrations (and restore); the app itself connects as DATABASE_URL's role.
  DATABASE_MIGRATION_URL: postgresUrl,
  PGLITE_DIR: z.string().min(1).default('./.data/pglite'),
  // Named prepared statements (default). Off only behind a pooler that cannot keep them (PgBouncer in transaction mode before 1.21).
  DATABASE_PREPARE: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)').optional(),
  AUTH_URL: z.url({ message: 'must be the public origin, e.g. https://rapport.example.org' }).optional(),
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: z
    .string()
    .refine((v) => [16, 24, 32].includes(Buffer.from(v, 'base64').length), {
      message: 'must be a base64-encoded AES key of 16, 24 or 32 bytes (try: openssl rand -base64 32)',
    })
    .optional(),
  PORT: positiveInt(3000),
  HOST: hostSchema,
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_ABSOLUTE_HOURS: positiveInt(12),
  LOGIN_IP_MAX_FAILURES: positiveInt(30),
  SWEEP_INTERVAL_MINUTES: positiveInt(5),
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^smtps?:\/\/.+/.test(v), { message: 'must be an smtp:// or smtps:// URL' }),
  MAIL_FROM: z.string().optional(),
  LOG_LEVEL: logLevel,
  TRUSTED_PROXIES: trustedProxiesSchema,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Env = z.output<typeof baseSchema> & {
  mode: 'embedded' | 'server';
  /**
   * The address to listen on. Embedded mode (a demo on one computer) defaults to 127.0.0.1, so the
   * demo accounts are not offered to the network; server mode keeps every interface (undefined),
   * as a container or a host behind a reverse proxy needs. HOST overrides both.
   */
  listenHost: string | undefined;
};

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Pure: validates a variable map. Returns a one-line, human message on failure. */
export function parseEnv(
  source: Record<string, string | undefined>,
  { requireAuthSecret = true }: { requireAuthSecret?: boolean } = {},
): { ok: true; env: Env } | { ok: false; message: string } {
  const result = baseSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    return { ok: false, message: `Invalid environment variable ${name}: ${issue?.message ?? 'invalid'}` };
  }
  const env = result.data;
  const mode = env.DATABASE_URL ? 'server' : 'embedded';
  if (env.DATABASE_REPLICA_URL && mode === 'embedded') {
    return { ok: false, message: 'DATABASE_REPLICA_URL is set without DATABASE_URL: a read replica needs a PostgreSQL primary' };
  }
  if (env.DATABASE_MIGRATION_URL && mode === 'embedded') {
    return { ok: false, message: 'DATABASE_MIGRATION_URL is set without DATABASE_URL: the embedded database has no roles' };
  }
  if (mode === 'server') {
    const missing = (['AUTH_SECRET', 'AUTH_URL', 'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY'] as const).filter((key) => !env[key]);
    if (missing.length > 0) {
      return {
        ok: false,
        message: `DATABASE_URL is set (server mode), so ${missing.join(', ')} must be set too; nothing is generated in server mode`,
      };
    }
  } else if (requireAuthSecret && !env.AUTH_SECRET) {
    return { ok: false, message: 'AUTH_SECRET is not set; start Rapport with `npm start`, which creates one under ./.data/' };
  }
  return { ok: true, env: { ...env, mode, listenHost: env.HOST ?? (mode === 'embedded' ? EMBEDDED_DEFAULT_HOST : undefined) } };
}

let cached: Env | undefined;

/** The validated environment of this process; throws EnvError with a one-line message. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = parseEnv(process.env);
  if (!parsed.ok) throw new EnvError(parsed.message);
  cached = parsed.env;
  return cached;
}

/** The database settings only: scripts such as migrate/seed/backup do not need the auth secrets. */
export function getDatabaseEnv(): Pick<Env, 'DATABASE_URL' | 'DATABASE_MIGRATION_URL' | 'DATABASE_REPLICA_URL' | 'PGLITE_DIR' | 'mode'> & {
  DATABASE_PREPARE: boolean;
} {
  const parsed = parseEnv(process.env, { requireAuthSecret: false });
  if (!parsed.ok && !/must be set too/.test(parsed.message)) throw new EnvError(parsed.message);
  const url = process.env.DATABASE_URL || undefined;
  if (url && !/^postgres(ql)?:\/\/.+/.test(url)) {
    throw new EnvError('Invalid environment variable DATABASE_URL: must be a postgres:// or postgresql:// connection URL');
  }
  return {
    DATABASE_URL: url,
    // Unset: migrations connect as the app's own role, as before the two roles existed.
    DATABASE_MIGRATION_URL: (url && process.env.DATABASE_MIGRATION_URL) || url,
    DATABASE_REPLICA_URL: (url && process.env.DATABASE_REPLICA_URL) || undefined,
    PGLITE_DIR: process.env.PGLITE_DIR || './.data/pglite',
    mode: url ? 'server' : 'embedded',
    DATABASE_PREPARE: process.env.DATABASE_PREPARE !== 'false',
  };
}

/**
 * The log level alone (the logger must not need the auth secrets). The server's start-up check
 * (parseEnv) has already refused a bad value with one clear line; a script gets the same line here.
 */
export function getLogLevel(): (typeof LOG_LEVELS)[number] {
  const parsed = logLevel.safeParse(process.env.LOG_LEVEL === '' ? undefined : process.env.LOG_LEVEL);
  if (!parsed.success) throw new EnvError(`Invalid environment variable LOG_LEVEL: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

let trustedProxies: { source: string | undefined; proxies: TrustedProxies | null } | undefined;

/** TRUSTED_PROXIES only (the request context needs nothing else); throws EnvError with a one-line message. */
export function getTrustedProxies(): TrustedProxies | null {
  const source = process.env.TRUSTED_PROXIES;
  if (trustedProxies && trustedProxies.source === source) return trustedProxies.proxies;
  const parsed = trustedProxiesSchema.safeParse(source);
  if (!parsed.success) throw new EnvError(`Invalid environment variable TRUSTED_PROXIES: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  trustedProxies = { source, proxies: parsed.data };
  return parsed.data;
}

/**
 * AUTH_SECRET alone, validated: the keys two-step sign-in derives from it (lib/auth/mfa-crypto.ts)
 * need nothing else from the environment (and tests and scripts may not have the rest).
 */
export function getAuthSecret(): string {
  const raw = process.env.AUTH_SECRET || undefined;
  const parsed = baseSchema.shape.AUTH_SECRET.safeParse(raw);
  if (!parsed.success) throw new EnvError(`Invalid environment variable AUTH_SECRET: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  if (!parsed.data) throw new EnvError('AUTH_SECRET is not set; start Rapport with `npm start`, which creates one under ./.data/');
  return parsed.data;
}

/** One variable, validated with its schema on every call (tests and scripts change them at run time). */
function readVariable<S extends z.ZodType>(name: keyof typeof baseSchema.shape & string, schema: S): z.output<S> {
  const parsed = schema.safeParse(process.env[name]);
  if (!parsed.success) throw new EnvError(`Invalid environment variable ${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export type MailSettings = { smtpUrl: string | undefined; from: string; publicOrigin: string };

/**
 * What sending mail needs: the SMTP server (unset: mail is not sent), the sender, and the public
 * origin links in mail point at (AUTH_URL; without it, this computer's port).
 */
export function getMailSettings(): MailSettings {
  const authUrl = readVariable('AUTH_URL', baseSchema.shape.AUTH_URL.or(z.literal('')));
  const port = readVariable('PORT', baseSchema.shape.PORT);
  return {
    smtpUrl: readVariable('SMTP_URL', baseSchema.shape.SMTP_URL),
    from: readVariable('MAIL_FROM', baseSchema.shape.MAIL_FROM) || 'Rapport <no-reply@localhost>',
    publicOrigin: (authUrl || `http://localhost:${port}`).replace(/\/+$/, ''),
  };
}

/** Failed sign-ins one client address may make before it is throttled (LOGIN_IP_MAX_FAILURES). */
export function getLoginIpMaxFailures(): number {
  return readVariable('LOGIN_IP_MAX_FAILURES', baseSchema.shape.LOGIN_IP_MAX_FAILURES);
}

/** RAPPORT_BENCH=1: the benchmark's public probe page is served (never set in production). */
export function isBenchMode(): boolean {
  return process.env.RAPPORT_BENCH === '1';
}

/** A development server (next dev): Next inlines NODE_ENV at build time. */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV === 'development';
}
