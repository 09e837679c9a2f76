import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOutAction } from '@/app/actions';

export type NavItem = { href: string; label: string };

/** The frame of every signed-in page: who is signed in, the area's navigation, and Sign out. */
export function AppShell({ areaLabel, userName, nav, children }: { areaLabel: string; userName: string; nav: NavItem[]; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex items-baseline gap-3">
            <span className="text-lg font-bold text-teal-800">Rapport</span>
            <span className="text-sm text-slate-600">{areaLabel}</span>
          </div>
          <div className="flex items-center gap-3">
            <span className="hidden text-sm text-slate-700 sm:inline">{userName}</span>
            <form action={signOutAction}>
              <button
                type="submit"
                className="min-h-11 rounded-md border border-slate-300 px-3 text-sm font-semibold hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-teal-600"
              >
                Sign out
              </button>
            </form>
          </div>
        </div>
        <nav aria-label="Main" className="mx-auto max-w-6xl overflow-x-auto px-4">
          <ul className="flex gap-1">
            {nav.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className="inline-flex min-h-11 items-center rounded-t-md px-3 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-3 focus-visible:outline-teal-600"
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
