import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * The two secrets two-step sign-in keeps, both keyed from AUTH_SECRET through HKDF (a separate key
 * per purpose, so neither can stand in for the other or for Auth.js's own cookie keys):
 *  - the TOTP secret at rest: AES-256-GCM, bound to its user id (a row copied onto another user
 *    does not decrypt);
 *  - the "remember this device" cookie: an HMAC-signed claim bound to the user, their session
 *    version and their enrolment, so it stops working when either changes (MFA reset, sign-out
 *    everywhere, password change).
 * Rotating AUTH_SECRET therefore also means every enrolled user enrols again.
 */

function keyFor(authSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', authSecret, 'rapport-mfa', purpose, 32));
}

const FORMAT = 'v1';

export function encryptTotpSecret(secret: string, userId: string, authSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(authSecret, 'totp-secret'), iv);
  cipher.setAAD(Buffer.from(userId));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}

/** The secret, or null when the stored value was not made by encryptTotpSecret for this user and key. */
export function decryptTotpSecret(stored: string, userId: string, authSecret: string): string | null {
  const [format, iv, tag, ciphertext] = stored.split(':');
  if (format !== FORMAT || !iv || !tag || ciphertext === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(authSecret, 'totp-secret'), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export const REMEMBER_DEVICE_DAYS = 30;
export const REMEMBER_DEVICE_COOKIE = 'rapport-mfa-device';

/** What a remembered device is bound to: all must still match when the cookie comes back. */
export type DeviceBinding = { userId: string; sessionVersion: number; enrolledAt: Date };

function mac(payload: string, authSecret: string): Buffer {
  return createHmac('sha256', keyFor(authSecret, 'remembered-device')).update(payload).digest();
}

export function signRememberedDevice(binding: DeviceBinding, nowMs: number, authSecret: string): string {
  const payload = Buffer.from(
    JSON.stringify({ u: binding.userId, v: binding.sessionVersion, e: binding.enrolledAt.getTime(), x: nowMs + REMEMBER_DEVICE_DAYS * 86_400_000 }),
  ).toString('base64url');
  return `${payload}.${mac(payload, authSecret).toString('base64url')}`;
}

export function isRememberedDevice(token: string | undefined, binding: DeviceBinding, nowMs: number, authSecret: string): boolean {
  if (!token) return false;
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return false;
  const expected = mac(payload, authSecret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  try {
    const claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; v?: unknown; e?: unknown; x?: unknown };
    return (
      claim.u === binding.userId &&
      claim.v === binding.sessionVersion &&
      claim.e === binding.enrolledAt.getTime() &&
      typeof claim.x === 'number' &&
      claim.x > nowMs
    );
  } catch {
    return false;
  }
}
