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

/**
 * A table that scrolls sideways on a phone instead of squeezing its columns. Cell padding and
 * alignment are set once here (not repeated as classes on every cell); cells add only what differs.
 */
export function ScrollTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    // relative: visually hidden cells inside are positioned against the table, not the page.
    <div className="relative overflow-x-auto rounded-md border border-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm [&_td]:px-3 [&_td]:py-2 [&_td]:align-top [&_th]:px-3 [&_th]:py-2 [&_th]:align-top">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** A column header of a ScrollTable. */
export const th = 'text-left font-semibold whitespace-nowrap';

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-700">{children}</p>;
}
