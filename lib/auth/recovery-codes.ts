import { randomInt } from 'node:crypto';
import { hashPassword, verifyPassword } from './hash';

/*
 * Recovery codes for two-step sign-in: shown once at enrolment, stored only as argon2id hashes
 * (the password hasher), each good for one sign-in. 10 characters from a 31-letter alphabet
 * without look-alikes give ~50 bits each: far beyond what the sign-in lockout lets anyone guess.
 */

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 10;

/** A code as shown: two groups of five, e.g. "k7m2q-x9p4t". */
export function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Case, spaces and the dash do not matter when typed back. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

/** Whether the typed text is shaped like a recovery code (rather than a 6-digit app code). */
export function looksLikeRecoveryCode(input: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(normaliseRecoveryCode(input));
}

export async function newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((code) => hashPassword(normaliseRecoveryCode(code))));
  return { codes, hashes };
}

/** The id of the stored (unused) code the input matches, or null. Each hash costs one argon2 check. */
export async function matchRecoveryCode<T extends { id: string; codeHash: string }>(unused: readonly T[], input: string): Promise<string | null> {
  if (!looksLikeRecoveryCode(input)) return null;
  const normalised = normaliseRecoveryCode(input);
  for (const code of unused) {
    if (await verifyPassword(code.codeHash, normalised)) return code.id;
  }
  return null;
}
