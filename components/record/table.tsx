import type { ReactNode } from 'react';
import { ScrollRegion } from '@/components/ui/scroll-region';

/* The client record's table primitives, shared by the therapist's record and the supervisor's read-only one. */

/**
 * A table that scrolls sideways on a phone instead of squeezing its columns. Cell padding and
 * alignment are set once here (not repeated as classes on every cell); cells add only what differs.
 */
export function ScrollTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    // relative: visually hidden cells inside are positioned against the table, not the page.
    <ScrollRegion className="relative rounded-md border border-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm [&_td]:px-3 [&_td]:py-2 [&_td]:align-top [&_th]:px-3 [&_th]:py-2 [&_th]:align-top">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </ScrollRegion>
  );
}

/** A column header of a ScrollTable. */
export const th = 'text-left font-semibold whitespace-nowrap';

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-700">{children}</p>;
}
