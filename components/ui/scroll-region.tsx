'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A box that lets a wide table scroll sideways (on a phone) instead of squeezing its columns.
 * While it actually scrolls, it is a named, keyboard-focusable region (tabIndex 0, role="region",
 * named by the table's caption) so arrow keys can scroll it (WCAG 2.1.1; axe
 * "scrollable-region-focusable"). While everything fits it is a plain box: no extra tab stop, and
 * no second landmark with the table's name.
 */
export function ScrollRegion({ children, className = '' }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const fallbackId = useId();
  const [captionId, setCaptionId] = useState<string | null>(null);
  const [scrolls, setScrolls] = useState(false);

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const caption = box.querySelector('caption');
    if (caption) {
      if (!caption.id) caption.id = `${fallbackId}-caption`;
      setCaptionId(caption.id);
    }
    const measure = () => setScrolls(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    const table = box.firstElementChild;
    if (table) observer.observe(table);
    return () => observer.disconnect();
  }, [fallbackId]);

  return (
    <div
      ref={ref}
      className={`overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700 ${className}`}
      {...(scrolls
        ? {
            tabIndex: 0,
            role: 'region',
            'aria-labelledby': captionId ?? undefined,
          }
        : {})}
    >
      {children}
    </div>
  );
}
