import { AREAS, homePath, type Role } from '@/lib/authz/policy';

/*
 * Where sign-in returns to: the page a signed-out visitor asked for (proxy.ts puts it in /login's
 * `next` parameter). It travels through the URL, so anyone can craft it: only a path on this site
 * is taken, never another host (an open redirect sends a phishing link through our sign-in page).
 */

/** The query parameter of /login that holds the page to return to. */
export const RETURN_PARAM = 'next';

// A base only for parsing: a path that resolves to another origin is refused.
const BASE = 'http://rapport.invalid';
const MAX_LENGTH = 2000;
// Browsers read a backslash as a slash and drop tabs and newlines inside URLs, so "/\evil.example"
// and "/\t/evil.example" are other hosts to them; no legitimate path of ours has any of these.
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f]/;
// Sign-in itself and the endpoints behind it (a loop, or a JSON answer instead of a page).
const NOT_RETURNED_TO = ['/login', '/session-ended', '/api', '/_next', '/set-password', '/invite'];

/** The fully percent-decoded text, or null if it never settles or cannot be decoded. */
function decodeFully(value: string): string | null {
  let current = value;
  for (let round = 0; round < 5; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

function unsafe(path: string): boolean {
  return !path.startsWith('/') || path.startsWith('//') || UNSAFE_CHARACTERS.test(path);
}

/**
 * The path (and query) to return to after sign-in, or null when `raw` is not plainly a page of
 * this site: absolute URLs, protocol-relative "//host", backslashes, control characters (also when
 * percent-encoded, however often) and sign-in's own pages are refused.
 */
export function safeReturnPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return null;
  if (unsafe(raw)) return null;
  // A proxy or framework may decode once more on the way: the decoded forms must be safe too.
  const decoded = decodeFully(raw);
  if (decoded === null || unsafe(decoded)) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // The URL parser has resolved "." and ".." (also "%2e%2e"); compare the decoded, case-folded path.
  const pathname = decodeFully(url.pathname)?.toLowerCase();
  if (pathname === undefined || unsafe(pathname)) return null;
  if (NOT_RETURNED_TO.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return null;
  if (url.pathname === '/' && url.search === '') return null;
  return `${url.pathname}${url.search}`;
}

/**
 * Where the signed-in `role` goes: the asked-for page when it is safe and not another role's area
 * (after an idle timeout someone else may sign in on the same screen), otherwise the role's home.
 */
export function returnPathFor(role: Role, raw: unknown): string {
  const home = homePath(role);
  const path = safeReturnPath(raw);
  if (!path) return home;
  const first = new URL(path, BASE).pathname.split('/')[1]?.toLowerCase() ?? '';
  const area = AREAS.find((a) => a === first);
  if (area && `/${area}` !== home) return home;
  return path;
}
