import type { ReactNode } from 'react';
import { AreaLayout } from '@/components/area-layout';
import { RefreshOnReturn } from '@/components/refresh-on-return';

export default function PortalLayout({ children }: { children: ReactNode }) {
  return (
    <AreaLayout
      area="portal"
      nav={[
        { href: '/portal', label: 'My forms' },
        { href: '/portal/plan', label: 'My plan' },
        { href: '/portal/reminders', label: 'Reminders' },
      ]}
    >
      {/* Forms change state (submitted, expired): a page shown again from history is re-read. */}
      <RefreshOnReturn />
      {children}
    </AreaLayout>
  );
}
