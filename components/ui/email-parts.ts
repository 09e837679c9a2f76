/**
 * An email address cut where a line may break without splitting a word: after the "@" and before
 * each dot ("jordan.lee@demo.clinic" → "jordan", ".lee@", "demo", ".clinic"). Joined, the parts are
 * the address again.
 */
export function emailBreakParts(email: string): string[] {
  return email.split(/(?<=@)|(?=\.)/).filter((part) => part !== '');
}
