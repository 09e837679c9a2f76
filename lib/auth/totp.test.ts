import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, normaliseTotpCode, totpCode, totpStep, totpUri, verifyTotp, TOTP_PERIOD_SECONDS } from './totp';

const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
// RFC 6238 appendix B's SHA-1 key ("12345678901234567890") in base32, and its published 8-digit codes' last 6 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP codes', () => {
  it('match the RFC 6238 test vectors (SHA-1, last six digits)', () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082');
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
    expect(totpCode(RFC_SECRET, 1_234_567_890_000)).toBe('005924');
    expect(totpCode(RFC_SECRET, 2_000_000_000_000)).toBe('279037');
  });

  it('makes a fresh 160-bit base32 secret each time, and a URI an app can read', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
    const uri = totpUri(a, 'sam@clinic.test');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Rapport:sam%40clinic\.test\?/);
    expect(uri).toContain(`secret=${a}`);
    expect(uri).toContain('algorithm=SHA1');
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
  });

  it('ignores spaces and dashes typed between digits', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('123-456')).toBe('123456');
  });
});

describe('verifyTotp', () => {
  const secret = newTotpSecret();
  const now = 1_760_000_015_000;

  it('accepts the current code and returns its step', () => {
    expect(verifyTotp({ secret, code: totpCode(secret, now), nowMs: now, lastUsedStep: null })).toEqual({ ok: true, step: totpStep(now) });
  });

  it('accepts the codes one step either side (clock drift), and no further', () => {
    for (const offset of [-1, 1]) {
      const code = totpCode(secret, now + offset * STEP_MS);
      expect(verifyTotp({ secret, code, nowMs: now, lastUsedStep: null })).toEqual({ ok: true, step: totpStep(now) + offset });
    }
    for (const offset of [-3, -2, 2, 3]) {
      const code = totpCode(secret, now + offset * STEP_MS);
      // A far-off code could collide with a near one by chance (1 in a million); skip that case.
      const nearCodes = [-1, 0, 1].map((o) => totpCode(secret, now + o * STEP_MS));
      if (nearCodes.includes(code)) continue;
      expect(verifyTotp({ secret, code, nowMs: now, lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
    }
  });

  it('refuses a code used before, and any code of an earlier step, while still in the window', () => {
    const step = totpStep(now);
    const code = totpCode(secret, now);
    expect(verifyTotp({ secret, code, nowMs: now, lastUsedStep: step })).toEqual({ ok: false, reason: 'reused' });
    expect(verifyTotp({ secret, code: totpCode(secret, now - STEP_MS), nowMs: now, lastUsedStep: step })).toEqual({ ok: false, reason: 'reused' });
    // The next step's code is still fine after this one was used.
    expect(verifyTotp({ secret, code: totpCode(secret, now + STEP_MS), nowMs: now, lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
  });

  it('refuses wrong, malformed and other secrets’ codes', () => {
    const other = newTotpSecret();
    const right = totpCode(secret, now);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (const code of [wrong, '', '12345', '1234567', 'abcdef', '12345a']) {
      expect(verifyTotp({ secret, code, nowMs: now, lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
    }
    const othersCode = totpCode(other, now);
    if (othersCode !== right) expect(verifyTotp({ secret, code: othersCode, nowMs: now, lastUsedStep: null }).ok).toBe(false);
  });

  it('for any moment: the current code works once, then never again within its window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), (nowMs) => {
        const code = totpCode(secret, nowMs);
        const first = verifyTotp({ secret, code, nowMs, lastUsedStep: null });
        if (!first.ok) return false;
        for (const later of [nowMs, nowMs + STEP_MS]) {
          if (verifyTotp({ secret, code, nowMs: later, lastUsedStep: first.step }).ok) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
