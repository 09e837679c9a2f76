import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { returnPathFor, safeReturnPath } from './return-path';

const ORIGIN = 'https://rapport.example.org';

/** Where a browser on our origin would go if sent to `path` (what an open redirect exploits). */
function browserTarget(path: string): URL {
  return new URL(path, `${ORIGIN}/login`);
}

describe('safeReturnPath', () => {
  it.each([
    ['/therapist', '/therapist'],
    ['/therapist/clients/3f2b8c1e-7d4a-4e9b-9c6f-0a1b2c3d4e5f', '/therapist/clients/3f2b8c1e-7d4a-4e9b-9c6f-0a1b2c3d4e5f'],
    ['/admin/audit?action=auth.&from=2026-01-01', '/admin/audit?action=auth.&from=2026-01-01'],
    ['/portal/forms/abc?step=2', '/portal/forms/abc?step=2'],
    ['/account/password', '/account/password'],
    ['/therapist/../admin', '/admin'],
    ['/therapist/./clients', '/therapist/clients'],
    ['/supervisor?q=%2F%2Fnot-a-host', '/supervisor?q=%2F%2Fnot-a-host'],
  ])('keeps a page of this site: %s', (raw, expected) => {
    expect(safeReturnPath(raw)).toBe(expected);
  });

  it.each([
    // Other hosts, spelled every way a browser accepts.
    '//evil.example',
    '//evil.example/therapist',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    'https://evil.example/therapist',
    'http://rapport.example.org/therapist',
    'javascript:alert(1)',
    'data:text/html,hi',
    'evil.example/therapist',
    'therapist',
    ' /therapist',
    '/\t/evil.example',
    '/\n/evil.example',
    '/therapist\u0000',
    // The same, percent-encoded (once or more), which a later decode would turn back.
    '/%2F/evil.example',
    '/%2f%2fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%255Cevil.example',
    '/%25252F%25252Fevil.example',
    '/%09/evil.example',
    '/%0a/evil.example',
    '/%00',
    '/%E0%A4%A', // not decodable
    // Sign-in's own pages and endpoints: a loop or a JSON answer.
    '/login',
    '/login?next=/therapist',
    '/login/',
    '/LOGIN',
    '/%6Cogin',
    '/therapist/../login',
    '/therapist/%2e%2e/login',
    '/session-ended',
    '/api/auth/signout',
    '/api/health',
    '/_next/static/chunks/app.js',
    '/set-password/abc',
    '/invite/abc',
    // Nothing to return to.
    '/',
    '',
    '/' + 'a'.repeat(2100),
  ])('refuses %j', (raw) => {
    expect(safeReturnPath(raw)).toBeNull();
  });

  it.each([undefined, null, 42, ['/therapist'], { path: '/therapist' }])('refuses a non-string: %j', (raw) => {
    expect(safeReturnPath(raw)).toBeNull();
  });

  it('never leads a browser off this origin, whatever the text (also after decoding)', () => {
    const pieces = fc.constantFrom(
      '/',
      '//',
      '\\',
      '%2F',
      '%2f',
      '%5C',
      '%5c',
      '%25',
      '%09',
      '%0A',
      '\t',
      '\n',
      '.',
      '..',
      '%2e',
      ':',
      '@',
      '?',
      '#',
      'evil.example',
      'http:',
      'https:',
      'login',
      'therapist',
      'a',
      ' ',
    );
    const candidate = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(pieces, { maxLength: 10 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(candidate, (raw) => {
        const path = safeReturnPath(raw);
        if (path === null) return;
        expect(path.startsWith('/')).toBe(true);
        expect(browserTarget(path).origin).toBe(ORIGIN);
        expect(browserTarget(decodeURIComponent(path)).origin).toBe(ORIGIN);
        // Never sign-in itself (or below it); a path that merely begins with those letters is another page.
        const pathname = new URL(path, ORIGIN).pathname.toLowerCase();
        expect(pathname === '/login' || pathname.startsWith('/login/')).toBe(false);
        // The result is stable: sanitising it again changes nothing.
        expect(safeReturnPath(path)).toBe(path);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps any plain path of letters, digits and dashes under an area', () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.constantFrom('/therapist', '/portal', '/supervisor', '/admin', '/account'), fc.array(segment, { maxLength: 4 }), (area, segments) => {
        const path = [area, ...segments].join('/');
        expect(safeReturnPath(path)).toBe(path);
      }),
    );
  });
});

describe('returnPathFor', () => {
  it('returns to the asked-for page in the role’s own area, or a page every role has', () => {
    expect(returnPathFor('therapist', '/therapist/clients/abc')).toBe('/therapist/clients/abc');
    expect(returnPathFor('admin', '/admin/audit?action=auth.')).toBe('/admin/audit?action=auth.');
    expect(returnPathFor('client', '/account/password')).toBe('/account/password');
  });

  it('sends a role home instead of into another role’s area (someone else signed in after a timeout)', () => {
    expect(returnPathFor('therapist', '/admin/audit')).toBe('/therapist');
    expect(returnPathFor('client', '/therapist/clients/abc')).toBe('/portal');
    expect(returnPathFor('supervisor', '/portal')).toBe('/supervisor');
  });

  it('sends a role home when there is nothing safe to return to', () => {
    expect(returnPathFor('admin', undefined)).toBe('/admin');
    expect(returnPathFor('admin', '//evil.example')).toBe('/admin');
    expect(returnPathFor('therapist', '/login')).toBe('/therapist');
  });
});
