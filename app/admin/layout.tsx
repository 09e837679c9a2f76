import type { ReactNode } from 'react';
import { AreaLayout } from '@/components/area-layout';

export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <AreaLayout
      area="admin"
      nav={[
        { href: '/admin', label: 'Accounts' },
        { href: '/admin/assignments', label: 'Assignments' },
        // A no-break space keeps the label on one line when the nav wraps on a phone.
        { href: '/admin/audit', label: 'Audit\u00a0log' },
        { href: '/admin/exports', label: 'Research\u00a0export' },
        { href: '/admin/settings', label: 'Settings' },
      ]}
    >
      {children}
    </AreaLayout>
  );
}
