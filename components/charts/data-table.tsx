'use client';

/*
 * The numbers behind a chart as a plain table: the first cell of each row is its header. A client
 * component on purpose: its rows arrive as short strings (formatted on the server) instead of one
 * serialised element per cell, which made these tables the costliest part of rendering the record.
 * It is still rendered on the server, so the table is in the HTML, with or without JavaScript.
 */

export type DataColumn = { label: string; numeric?: boolean; strong?: boolean };

// Cells take their padding and number style from the table, not a class each.
const tableClass =
  'min-w-full divide-y divide-slate-200 text-sm [&_td]:px-3 [&_td]:py-1.5 [&_td]:whitespace-nowrap [&_td]:tabular-nums [&_tbody_th]:px-3 [&_tbody_th]:py-1.5 [&_tbody_th]:text-left [&_tbody_th]:font-normal [&_tbody_th]:whitespace-nowrap [&_tbody_th]:tabular-nums';
const thClass = 'px-3 py-2 font-semibold whitespace-nowrap';

export function DataTable({ caption, columns, rows }: { caption: string; columns: DataColumn[]; rows: string[][] }) {
  const cellClass = columns.map((c) => [c.numeric ? 'text-right' : '', c.strong ? 'font-semibold' : ''].filter(Boolean).join(' ') || undefined);
  return (
    <table className={tableClass}>
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-slate-50 text-slate-700">
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col" className={`${thClass} ${c.numeric ? 'text-right' : 'text-left'}`}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(([head, ...cells], i) => (
          // The rows are a fixed list (no reordering), so their position is a stable key.
          <tr key={i}>
            <th scope="row">{head}</th>
            {cells.map((cell, j) => (
              <td key={j} className={cellClass[j + 1]}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
