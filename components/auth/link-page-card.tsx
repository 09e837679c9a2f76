import type { ReactNode } from 'react';

/** The one card the one-time link pages (portal invitation, set-password link) render in. */
export function LinkPageCard({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-lg font-bold text-teal-800">Rapport</p>
        <h1 className="mt-1 mb-4 text-2xl font-bold break-words">{title}</h1>
        {children}
      </div>
    </main>
  );
}

export const linkPageLinkClass =
  'font-semibold text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';
