import { describe, expect, it } from 'vitest';
import { decryptTotpSecret, encryptTotpSecret, isRememberedDevice, REMEMBER_DEVICE_DAYS, signRememberedDevice } from './mfa-crypto';

const KEY = 'unit-test-auth-secret-0123456789abcdef';
const OTHER_KEY = 'another-auth-secret-0123456789abcdef!!';
const USER = '4a1f4a57-5e4b-4a53-9b1f-6f1b7d2b9c10';
const OTHER_USER = '0d9a3f8e-2c71-4c5e-8f0e-5b7f1d3c2a99';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('TOTP secret at rest', () => {
  it('is ciphertext that decrypts back for the same user and key', () => {
    const stored = encryptTotpSecret(SECRET, USER, KEY);
    expect(stored).not.toContain(SECRET);
    expect(stored.startsWith('v1:')).toBe(true);
    expect(encryptTotpSecret(SECRET, USER, KEY)).not.toBe(stored);
    expect(decryptTotpSecret(stored, USER, KEY)).toBe(SECRET);
  });

  it('does not decrypt for another user, another key, a tampered value or plain text', () => {
    const stored = encryptTotpSecret(SECRET, USER, KEY);
    expect(decryptTotpSecret(stored, OTHER_USER, KEY)).toBeNull();
    expect(decryptTotpSecret(stored, USER, OTHER_KEY)).toBeNull();
    const [format, iv, tag, ciphertext] = stored.split(':');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0]! ^= 1;
    expect(decryptTotpSecret([format, iv, tag, flipped.toString('base64url')].join(':'), USER, KEY)).toBeNull();
    expect(decryptTotpSecret(SECRET, USER, KEY)).toBeNull();
  });
});

describe('remembered device', () => {
  const now = Date.UTC(2026, 0, 10);
  const binding = { userId: USER, sessionVersion: 3, enrolledAt: new Date(Date.UTC(2026, 0, 1)) };
  const token = signRememberedDevice(binding, now, KEY);

  it('is honoured for its user, session version and enrolment, until it expires', () => {
    expect(isRememberedDevice(token, binding, now, KEY)).toBe(true);
    expect(isRememberedDevice(token, binding, now + (REMEMBER_DEVICE_DAYS - 1) * 86_400_000, KEY)).toBe(true);
    expect(isRememberedDevice(token, binding, now + REMEMBER_DEVICE_DAYS * 86_400_000 + 1, KEY)).toBe(false);
  });

  it('is refused for another user, a bumped session version, a new enrolment, another key or any edit', () => {
    expect(isRememberedDevice(token, { ...binding, userId: OTHER_USER }, now, KEY)).toBe(false);
    expect(isRememberedDevice(token, { ...binding, sessionVersion: 4 }, now, KEY)).toBe(false);
    expect(isRememberedDevice(token, { ...binding, enrolledAt: new Date(Date.UTC(2026, 0, 5)) }, now, KEY)).toBe(false);
    expect(isRememberedDevice(token, binding, now, OTHER_KEY)).toBe(false);
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ u: USER, v: 3, e: binding.enrolledAt.getTime(), x: now * 2 })).toString('base64url');
    expect(isRememberedDevice(`${forged}.${signature}`, binding, now, KEY)).toBe(false);
    expect(isRememberedDevice(`${payload}.`, binding, now, KEY)).toBe(false);
    expect(isRememberedDevice(undefined, binding, now, KEY)).toBe(false);
    expect(isRememberedDevice('garbage', binding, now, KEY)).toBe(false);
  });
});
