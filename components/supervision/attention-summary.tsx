import Link from 'next/link';
import { attentionHeadline, type TherapistAttention } from './attention';
import { linkClass } from './card';

/**
 * The comparison's first word: per therapist, whether anything needs attention and why, in plain
 * sentences (the rules and their wording: lib/alliance/attention, ./attention). Server-rendered.
 */
export function AttentionSummary({ summary }: { summary: TherapistAttention[] }) {
  return (
    <section aria-labelledby="attention-heading" className="flex flex-col gap-3">
      <div>
        <h3 id="attention-heading" className="text-base font-semibold text-slate-900">
          Who needs attention
        </h3>
        <p className="text-sm text-slate-700" data-testid="attention-headline">
          {attentionHeadline(summary)}
        </p>
      </div>
      {summary.length > 0 ? (
        <ul aria-label="Therapists and what needs attention" className="grid gap-3 md:grid-cols-2">
          {summary.map((t) => (
            <li
              key={t.therapistId}
              aria-label={t.name}
              className={`rounded-lg border bg-white p-4 text-sm ${t.needsAttention ? 'border-amber-400 border-l-4' : 'border-slate-200'}`}
            >
              <p className="flex flex-wrap items-center gap-2">
                <Link href={`/supervisor/therapists/${t.therapistId}`} className={`${linkClass} text-base`}>
                  {t.name}
                </Link>
                <span
                  className={`rounded px-2 py-0.5 text-xs font-semibold ${t.needsAttention ? 'bg-amber-100 text-amber-950' : 'bg-green-100 text-green-950'}`}
                >
                  {t.needsAttention ? 'Needs attention' : 'Nothing stands out'}
                </span>
              </p>
              {t.needsAttention ? (
                <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-800">
                  {t.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-slate-700">{t.calm}</p>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
