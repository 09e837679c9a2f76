import type { ReactNode } from 'react';
import { AreaLayout } from '@/components/area-layout';

export default function PortalLayout({ children }: { children: ReactNode }) {
  return (
    <AreaLayout area="portal" nav={[{ href: '/portal', label: 'My forms' }, { href: '/portal/plan', label: 'My plan' }]}>
      {children}
    </AreaLayout>
  );
}
