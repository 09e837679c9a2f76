'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { currentNavItem } from './current';

export type NavItem = { href: string; label: string };

const link =
  'inline-flex min-h-11 items-center border-b-2 px-3 text-sm font-medium focus-visible:outline-3 focus-visible:outline-teal-600 hover:bg-slate-100 hover:text-slate-900';

/**
 * The area's navigation. The current page is marked for sight (colour, weight and an underline bar)
 * and for assistive technology (aria-current). Items wrap onto a second line on a phone rather than
 * scrolling out of view.
 */
export function MainNav({ items }: { items: NavItem[] }) {
  const current = currentNavItem(
    usePathname(),
    items.map((item) => item.href),
  );
  return (
    <nav aria-label="Main" className="mx-auto max-w-6xl px-4">
      <ul className="flex flex-wrap gap-x-1">
        {items.map((item) => {
          const here = current?.href === item.href ? current.kind : null;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={here === 'page' ? 'page' : here === 'section' ? 'true' : undefined}
                className={`${link} ${here ? 'border-teal-700 font-semibold text-teal-900' : 'border-transparent text-slate-700'}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
