import type { ReactNode } from 'react';
import { AreaLayout } from '@/components/area-layout';

export default function SupervisorLayout({ children }: { children: ReactNode }) {
  return (
    <AreaLayout area="supervisor" nav={[{ href: '/supervisor', label: 'Therapists' }]}>
      {children}
    </AreaLayout>
  );
}
