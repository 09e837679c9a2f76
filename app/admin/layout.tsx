import type { ReactNode } from 'react';
import { AreaLayout } from '@/components/area-layout';

export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <AreaLayout
      area="admin"
      nav={[
        { href: '/admin', label: 'Accounts' },
        { href: '/admin/settings', label: 'Settings' },
      ]}
    >
      {children}
    </AreaLayout>
  );
}
