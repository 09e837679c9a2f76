'use client';

export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '4rem 1rem', textAlign: 'center' }}>
        <h1>Rapport is having trouble right now</h1>
        <p>We could not load this page. Nothing you saved has been lost. Please try again in a moment.</p>
        <button type="button" onClick={reset} style={{ minHeight: 44, padding: '0 1rem' }}>
          Try again
        </button>
      </body>
    </html>
  );
}
