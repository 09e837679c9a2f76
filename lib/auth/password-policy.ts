import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/validation/auth';

/*
 * The password policy for every password Rapport sets: long enough, and not one that attackers
 * try first. The common list (~49k leaked passwords) comes from zxcvbn-ts and stays on the server.
 */
const commonPasswords = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return true;
  // "password123456" and "qwertyuiop!!" are the common word with padding.
  const core = lower.replace(/[^a-z]+$/, '').replace(/^[^a-z]+/, '');
  return core.length >= 4 && commonPasswords.has(core) && core.length >= lower.length - 6;
}

/** Returns a plain-language reason the password is refused, or null when it is acceptable. */
export function passwordPolicyViolation(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (/^(.)\1*$/.test(password)) return 'Do not repeat a single character.';
  if (isCommon(password)) return 'That password is too common. Choose something less predictable, such as a few unrelated words.';
  const lower = password.toLowerCase();
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'Do not use your email address in your password.';
  const nameParts = (context.name ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((p) => p.length >= 4);
  if (nameParts.some((part) => lower.includes(part))) return 'Do not use your name in your password.';
  return null;
}
