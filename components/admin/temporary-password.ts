import { PASSWORD_MIN_LENGTH } from '@/lib/validation/auth';

/** The password policy in plain words (the server checks the common-password list and the person's name and email). */
export const TEMPORARY_PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters, not a common password, and without the person’s name or email. They must choose their own password when they next sign in.`;

// No look-alikes (0/o, 1/l/i), so the password can be read out over the phone.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random temporary password such as "k7qm-x3vd-p9ta-h2we" (about 79 bits), from the browser's CSPRNG. */
export function generateTemporaryPassword(): string {
  const groups: string[] = [];
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let group = '';
  for (const byte of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (byte >= 256 - (256 % ALPHABET.length)) continue;
    group += ALPHABET[byte % ALPHABET.length];
    if (group.length === 4) {
      groups.push(group);
      group = '';
      if (groups.length === 4) return groups.join('-');
    }
  }
  // Rare: too many rejected bytes; draw again.
  return generateTemporaryPassword();
}
