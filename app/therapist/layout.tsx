import type { ReactNode } from 'react';
import { AreaLayout } from '@/components/area-layout';

export default function TherapistLayout({ children }: { children: ReactNode }) {
  return (
    <AreaLayout area="therapist" nav={[{ href: '/therapist', label: 'Caseload' }]}>
      {children}
    </AreaLayout>
  );
}
