import type { ReactNode } from 'react';

/** A titled card of the client record; `id` doubles as the in-page anchor (e.g. #alerts). */
export function RecordSection({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <div className="mt-4 flex flex-col gap-6">{children}</div>
    </section>
  );
}

export function SubHeading({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h3 id={id} className="mb-2 text-base font-semibold text-slate-900">
      {children}
    </h3>
  );
}

export { Empty, ScrollTable, th } from '@/components/record/table';
