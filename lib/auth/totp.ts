import { Secret, TOTP } from 'otpauth';

/*
 * Time-based one-time passwords (RFC 6238) as every authenticator app expects them: SHA-1, 6 digits,
 * 30-second steps. Pure: the caller passes the time and the last step it accepted, and stores the
 * step this returns, so a code (or any older one) works at most once.
 */

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** One step either side: a phone clock up to ~30 s off, or a code typed as it changed, still works. */
export const TOTP_WINDOW = 1;
const ISSUER = 'Rapport';

function totpFor(secretBase32: string, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** A new random secret (160 bits, RFC 4226's recommended length), as base32 for the app. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, accountName: string): string {
  return totpFor(secretBase32, accountName).toString();
}

/** The time step a moment falls in. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a moment (for tests and the enrolment page's own check). */
export function totpCode(secretBase32: string, nowMs: number): string {
  return totpFor(secretBase32).generate({ timestamp: nowMs });
}

/** Spaces and dashes people type or paste between the digits. */
export function normaliseTotpCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'reused' };

/**
 * Checks a code against the steps within the window around `nowMs`. A code whose step is at or
 * before `lastUsedStep` is refused as reused, even if it is still within the window.
 */
export function verifyTotp({ secret, code, nowMs, lastUsedStep }: { secret: string; code: string; nowMs: number; lastUsedStep: number | null }): TotpCheck {
  const token = normaliseTotpCode(code);
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(token)) return { ok: false, reason: 'wrong' };
  const delta = totpFor(secret).validate({ token, timestamp: nowMs, window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: 'wrong' };
  const step = totpStep(nowMs) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, reason: 'reused' };
  return { ok: true, step };
}
