import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOutAction } from '@/app/actions';
import { MainNav, type NavItem } from './nav/main-nav';

export type { NavItem };

/** The frame of every signed-in page: who is signed in, the area's navigation, and Sign out. */
export function AppShell({ areaLabel, userName, nav, children }: { areaLabel: string; userName: string; nav: NavItem[]; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex items-baseline gap-3">
            <Link
              href="/"
              prefetch={false}
              aria-label="Rapport home"
              className="rounded-sm text-lg font-bold text-teal-800 hover:text-teal-900 hover:underline focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600"
            >
              Rapport
            </Link>
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
        <MainNav items={nav} />
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
