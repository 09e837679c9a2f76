'use client';

import { ScrollRegion } from '@/components/ui/scroll-region';

/*
 * A page of a client's completed questionnaires with every answer behind "N answers". A client
 * component on purpose, though it has no state: its rows arrive as short strings formatted on the
 * server, instead of the server serialising every cell and answer as its own element (twice: into
 * the page's RSC payload and its HTML), which made this table one of the costliest parts of the
 * client record. It is rendered on the server all the same, so it works without JavaScript.
 */

export type ResponseHistoryRow = {
  /** The date as shown, and (optionally) as an ISO instant for a <time> element. */
  date: string;
  dateTime?: string;
  title: string;
  source: string;
  score: string;
  subscales: string;
  /** Each answer as [item ("3. I felt…"), answer label]. */
  answers: [string, string][];
};

const HEADINGS = ['Date', 'Questionnaire · respondent', 'Score', 'Subscale means', 'Answers'];

export function ResponseHistoryTable({ caption, rows }: { caption: string; rows: ResponseHistoryRow[] }) {
  return (
    // relative: visually hidden cells inside are positioned against the table, not the page.
    <ScrollRegion className="relative rounded-md border border-slate-200">
      {/* Cell padding once on the table, not a class on every cell. */}
      <table className="min-w-full divide-y divide-slate-200 text-sm [&_td]:px-3 [&_td]:py-2 [&_td]:align-top [&_th]:px-3 [&_th]:py-2 [&_th]:align-top">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            {HEADINGS.map((heading) => (
              <th key={heading} scope="col" className="text-left font-semibold whitespace-nowrap">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r, i) => (
            // A page is replaced as a whole, never reordered: the position is a stable key.
            <tr key={i}>
              <td className="whitespace-nowrap">{r.dateTime ? <time dateTime={r.dateTime}>{r.date}</time> : r.date}</td>
              <th scope="row" className="text-left whitespace-nowrap">
                <span className="block font-medium">{r.title}</span>
                <span className="block text-xs font-normal text-slate-600">{r.source}</span>
              </th>
              <td className="whitespace-nowrap tabular-nums">{r.score}</td>
              <td className="whitespace-nowrap tabular-nums">{r.subscales}</td>
              <td className="min-w-40">
                <details>
                  <summary className="cursor-pointer text-teal-800 underline-offset-2 hover:underline">{`${r.answers.length} ${r.answers.length === 1 ? 'answer' : 'answers'}`}</summary>
                  {/* Item text grey, answer bold and dark: styled once on the list, not on each item. */}
                  <ol className="mt-2 flex max-w-md min-w-56 flex-col gap-1 text-slate-600 [&_strong]:font-semibold [&_strong]:text-slate-900">
                    {r.answers.map(([item, answer], j) => (
                      <li key={j}>
                        {`${item} — `}
                        <strong>{answer}</strong>
                      </li>
                    ))}
                  </ol>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
