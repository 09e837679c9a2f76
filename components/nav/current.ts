/*
 * Which navigation item is the current page: the item whose link is the path itself, or else the
 * deepest one the path lies under (a client record is under "Caseload"). At most one item is current.
 */

function isUnder(pathname: string, href: string): boolean {
  return href === '/' || pathname === href || pathname.startsWith(`${href}/`);
}

/** The href of the current item and whether it is the page itself (`page`) or a page within it (`section`). */
export function currentNavItem(pathname: string, hrefs: readonly string[]): { href: string; kind: 'page' | 'section' } | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (hrefs.includes(path)) return { href: path, kind: 'page' };
  const deepest = hrefs.filter((href) => isUnder(path, href)).sort((a, b) => b.length - a.length)[0];
  return deepest ? { href: deepest, kind: 'section' } : null;
}
