'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Re-reads the page from the server whenever it is shown again from history: Back/Forward within
 * the app (the router would reuse the page as it was) and a page restored from the browser's
 * back-forward cache. A form submitted since must never look open.
 */
export function RefreshOnReturn() {
  const router = useRouter();
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) router.refresh();
    };
    // After the router has restored the page the history entry points at.
    const onPopState = () => setTimeout(() => router.refresh(), 0);
    window.addEventListener('pageshow', onPageShow);
    window.addEventListener('popstate', onPopState);
    return () => {
      window.removeEventListener('pageshow', onPageShow);
      window.removeEventListener('popstate', onPopState);
    };
  }, [router]);
  return null;
}
