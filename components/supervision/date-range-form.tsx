import Link from 'next/link';
import { addDays } from './format';

/*
 * The supervisor table's date range: a plain GET form, so the range lives in the URL (from/to),
 * can be bookmarked and shared, and works before any script has loaded.
 */

const inputClass =
  'min-h-11 rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-teal-600';

export function DateRangeForm({ action, from, to, today }: { action: string; from: string; to: string; today: string }) {
  const presets = [
    { label: 'Last 30 days', from: addDays(today, -29) },
    { label: 'Last 90 days', from: addDays(today, -89) },
    { label: 'Last 12 months', from: addDays(today, -364) },
  ];
  return (
    <div className="flex flex-col gap-3">
      <form method="get" action={action} aria-label="Date range" className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="range-from" className="text-sm font-medium text-slate-900">
            From
          </label>
          <input id="range-from" name="from" type="date" defaultValue={from} required className={inputClass} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="range-to" className="text-sm font-medium text-slate-900">
            To
          </label>
          <input id="range-to" name="to" type="date" defaultValue={to} required className={inputClass} />
        </div>
        <button
          type="submit"
          className="inline-flex min-h-11 items-center justify-center rounded-md bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600"
        >
          Show
        </button>
      </form>
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="text-slate-600">Quick ranges:</span>
        {presets.map((p) => {
          const current = p.from === from && to === today;
          return (
            <Link
              key={p.label}
              href={`${action}?from=${p.from}&to=${today}`}
              aria-current={current ? 'true' : undefined}
              className={`inline-flex min-h-11 items-center underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600 ${current ? 'font-semibold text-slate-900' : 'text-teal-800'}`}
            >
              {p.label}
            </Link>
          );
        })}
      </p>
    </div>
  );
}
