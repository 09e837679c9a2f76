import { describe, expect, it } from 'vitest';
import { looksLikeRecoveryCode, matchRecoveryCode, newRecoveryCode, newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes';

describe('recovery codes', () => {
  it('are ten distinct codes of two groups of five, without look-alike characters', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are stored as argon2id hashes, never as the code itself', async () => {
    const { codes, hashes } = await newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(hashes).toHaveLength(RECOVERY_CODE_COUNT);
    for (const [i, hash] of hashes.entries()) {
      expect(hash).toMatch(/^\$argon2id\$/);
      expect(hash).not.toContain(codes[i]);
      expect(hash).not.toContain(normaliseRecoveryCode(codes[i]!));
    }
  });

  it('match the stored code they came from, however they are typed, and nothing else', async () => {
    const { codes, hashes } = await newRecoveryCodes();
    const stored = hashes.map((codeHash, i) => ({ id: `code-${i}`, codeHash }));
    expect(await matchRecoveryCode(stored, codes[3]!)).toBe('code-3');
    expect(await matchRecoveryCode(stored, ` ${codes[7]!.toUpperCase().replace('-', ' ')} `)).toBe('code-7');
    // Once spent, a code is no longer among the unused ones the caller passes in.
    expect(
      await matchRecoveryCode(
        stored.filter((c) => c.id !== 'code-3'),
        codes[3]!,
      ),
    ).toBeNull();
    expect(await matchRecoveryCode(stored, 'aaaaa-aaaaa')).toBeNull();
    expect(await matchRecoveryCode(stored, '123456')).toBeNull();
    expect(await matchRecoveryCode([], codes[0]!)).toBeNull();
  });

  it('tell a recovery code from a six-digit app code', () => {
    expect(looksLikeRecoveryCode('k7m2q-x9p4t')).toBe(true);
    expect(looksLikeRecoveryCode('K7M2Q X9P4T')).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(looksLikeRecoveryCode('k7m2q-x9p4')).toBe(false);
  });
});
