import type { ReactNode } from 'react';
import { requireAreaActor } from '@/lib/auth/session';
import type { Area } from '@/lib/authz/policy';
import { AppShell, type NavItem } from './app-shell';

const AREA_LABEL: Record<Area, string> = { therapist: 'Therapist', portal: 'My portal', supervisor: 'Supervisor', admin: 'Clinic admin' };
const ACCOUNT_NAV: NavItem[] = [
  { href: '/account/password', label: 'Change password' },
  { href: '/account/mfa', label: 'Two-step sign-in' },
];

/** A role's area: 403 for other roles (lib/data checks again on every read), then the shell. */
export async function AreaLayout({ area, nav, children }: { area: Area; nav: NavItem[]; children: ReactNode }) {
  const actor = await requireAreaActor(area);
  return (
    <AppShell areaLabel={AREA_LABEL[area]} userName={actor.name} nav={[...nav, ...ACCOUNT_NAV]}>
      {children}
    </AppShell>
  );
}
