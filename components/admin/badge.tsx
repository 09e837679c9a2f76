import type { ReactNode } from 'react';

const tones = {
  green: 'bg-green-50 text-green-900 ring-green-600/30',
  amber: 'bg-amber-50 text-amber-950 ring-amber-600/40',
  red: 'bg-red-50 text-red-900 ring-red-600/30',
  slate: 'bg-slate-100 text-slate-800 ring-slate-500/30',
} as const;

export type BadgeTone = keyof typeof tones;

/** A small status label; the text carries the meaning, the colour only repeats it. */
export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}
