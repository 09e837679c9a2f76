import { describe, expect, it } from 'vitest';
import { passwordPolicyViolation } from './password-policy';

describe('password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordPolicyViolation('cobalt-river-lantern-42')).toBeNull();
    expect(passwordPolicyViolation('rapport-demo-2026')).toBeNull();
  });
  it('needs at least 12 characters', () => {
    expect(passwordPolicyViolation('Xk9#mQ2$vL7')).toMatch(/at least 12/);
    expect(passwordPolicyViolation('Xk9#mQ2$vL7!')).toBeNull();
  });
  it('caps the length (argon2 cost grows with input)', () => {
    expect(passwordPolicyViolation('a1'.repeat(101))).toMatch(/at most 200/);
  });
  it('refuses common passwords, case-insensitively and with padding', () => {
    expect(passwordPolicyViolation('password1234')).toMatch(/too common/);
    expect(passwordPolicyViolation('PASSWORD1234')).toMatch(/too common/);
    expect(passwordPolicyViolation('qwertyuiop!!')).toMatch(/too common/);
    expect(passwordPolicyViolation('123456789012')).toMatch(/too common/);
  });
  it('refuses a single repeated character', () => {
    expect(passwordPolicyViolation('aaaaaaaaaaaaaaa')).toMatch(/repeat/);
  });
  it('refuses the email name or the person’s name inside the password', () => {
    expect(passwordPolicyViolation('jordan.lee-2026!', { email: 'jordan.lee@example.org' })).toMatch(/email/);
    expect(passwordPolicyViolation('my-name-is-Jordan-99', { name: 'Jordan Lee' })).toMatch(/name/);
  });
});
