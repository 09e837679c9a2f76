'use client';

import { useEffect } from 'react';

/** Any server failure, including an unreachable database: say so plainly; nothing was changed. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-bold">Rapport is having trouble right now</h1>
      <p className="mt-3 text-slate-700">
        We could not load this page, possibly because the database is unreachable. Nothing you saved has been lost. Please try again in a moment.
      </p>
      {error.digest ? <p className="mt-2 text-sm text-slate-500">Reference: {error.digest}</p> : null}
      <button
        type="button"
        onClick={reset}
        className="mt-6 inline-flex min-h-11 items-center rounded-md bg-teal-700 px-4 font-semibold text-white hover:bg-teal-800"
      >
        Try again
      </button>
    </main>
  );
}
