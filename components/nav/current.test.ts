import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentNavItem } from './current';

const ADMIN = ['/admin', '/admin/assignments', '/admin/audit', '/admin/settings', '/account/password', '/account/mfa'];

describe('currentNavItem', () => {
  it('marks the item whose link is the page itself', () => {
    expect(currentNavItem('/admin', ADMIN)).toEqual({ href: '/admin', kind: 'page' });
    expect(currentNavItem('/admin/audit', ADMIN)).toEqual({ href: '/admin/audit', kind: 'page' });
    expect(currentNavItem('/admin/audit/', ADMIN)).toEqual({ href: '/admin/audit', kind: 'page' });
    expect(currentNavItem('/account/mfa', ADMIN)).toEqual({ href: '/account/mfa', kind: 'page' });
  });

  it('marks the deepest section a page lies under, not its parent', () => {
    expect(currentNavItem('/admin/accounts/new', ADMIN)).toEqual({ href: '/admin', kind: 'section' });
    expect(currentNavItem('/admin/audit/export', ADMIN)).toEqual({ href: '/admin/audit', kind: 'section' });
    expect(currentNavItem('/therapist/clients/abc/plan', ['/therapist'])).toEqual({ href: '/therapist', kind: 'section' });
  });

  it('does not take a shared prefix for a section', () => {
    expect(currentNavItem('/admin/auditors', ['/admin/audit'])).toBeNull();
    expect(currentNavItem('/portal', ['/therapist', '/account/password'])).toBeNull();
  });

  it('marks at most one item, and only one the path lies under', () => {
    const segment = fc.constantFrom('admin', 'audit', 'account', 'mfa', 'x', 'therapist', 'clients');
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
    fc.assert(
      fc.property(path, fc.uniqueArray(path, { maxLength: 6 }), (pathname, hrefs) => {
        const current = currentNavItem(pathname, hrefs);
        const under = hrefs.filter((h) => pathname === h || pathname.startsWith(`${h}/`));
        if (under.length === 0) {
          expect(current).toBeNull();
          return;
        }
        expect(current?.href).toBe(under.sort((a, b) => b.length - a.length)[0]);
        expect(current?.kind).toBe(current?.href === pathname ? 'page' : 'section');
      }),
    );
  });
});
