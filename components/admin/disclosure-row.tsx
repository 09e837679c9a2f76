'use client';

import { useId, useState, type ReactNode } from 'react';

/**
 * A table row with a toggle in its last cell that opens a panel in a full-width row beneath it
 * (per-row forms and confirmations, without leaving the table). The panel stays open across the
 * refresh that follows a server action, so its outcome stays on screen.
 */
export function DisclosureRow({
  cells,
  toggleText,
  subject,
  columns,
  children,
}: {
  /** The row's own cells (a rowheader first). */
  cells: ReactNode;
  /** Visible text of the toggle, e.g. "Manage". */
  toggleText: string;
  /** Who or what the row is about; completes the toggle's and the panel's accessible names. */
  subject: string;
  /** How many columns the table has, for the panel's colSpan. */
  columns: number;
  /** The panel; a function receives `close` (for a Cancel button). */
  children: ReactNode | ((close: () => void) => ReactNode);
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const name = `${toggleText} ${subject}`;
  return (
    <>
      <tr className={open ? 'bg-teal-50/40' : undefined}>
        {cells}
        <td className="px-3 py-2 text-right align-top sm:px-4">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
            className="inline-flex min-h-11 items-center gap-1 rounded-md border border-slate-300 bg-white px-3 text-sm font-semibold whitespace-nowrap text-slate-900 hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600"
          >
            {toggleText}
            <span className="sr-only"> {subject}</span>
            <span aria-hidden="true" className={`text-xs transition-transform ${open ? 'rotate-180' : ''}`}>
              ▾
            </span>
          </button>
        </td>
      </tr>
      <tr id={panelId} hidden={!open} className="bg-teal-50/40">
        <td colSpan={columns} className="px-3 pt-1 pb-4 sm:px-4">
          {open ? (
            <section aria-label={name} className="rounded-md border border-slate-200 bg-white p-4">
              {typeof children === 'function' ? children(() => setOpen(false)) : children}
            </section>
          ) : null}
        </td>
      </tr>
    </>
  );
}
