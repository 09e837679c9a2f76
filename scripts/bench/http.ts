import { gzipSync } from 'node:zlib';

/*
 * HTTP helpers for the bench and the two-instance check: the real Auth.js credentials sign-in (csrf
 * token, then POST to the credentials callback, keeping cookies), pages with a cookie, first-load
 * JS, and posting a server-action form the way a browser without JavaScript does.
 */

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Only the session cookie(s): what a signed-in browser sends with every page request. */
  sessionHeader(): string {
    return [...this.cookies]
      .filter(([k]) => k.includes('session-token'))
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }
}

export type SignInOutcome = { ok: true; jar: CookieJar } | { ok: false; status: number; location: string | null };

/** Signs in through Auth.js's credentials callback, as the login form's server action does. */
export async function signIn(origin: string, email: string, password: string): Promise<SignInOutcome> {
  const jar = new CookieJar();
  const csrfResponse = await fetch(`${origin}/api/auth/csrf`, { redirect: 'manual' });
  jar.store(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(), 'x-auth-return-redirect': '1' },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/` }).toString(),
  });
  jar.store(response);
  let location = response.headers.get('location');
  if (response.status === 200) {
    // With x-auth-return-redirect Auth.js answers JSON { url } instead of a 302.
    const body = (await response.json().catch(() => ({}))) as { url?: string };
    location = body.url ?? null;
  }
  const refused = !jar.get('authjs.session-token') && !jar.get('__Secure-authjs.session-token');
  if (refused || (location !== null && /[?&]error=/.test(location))) return { ok: false, status: response.status, location };
  return { ok: true, jar };
}

export async function signInOrThrow(origin: string, email: string, password: string): Promise<CookieJar> {
  const outcome = await signIn(origin, email, password);
  if (!outcome.ok) throw new Error(`Sign-in as ${email} at ${origin} was refused (status ${outcome.status}, ${outcome.location ?? 'no location'})`);
  return outcome.jar;
}

export type PageResult = { status: number; location: string | null; html: string };

export async function getPage(origin: string, path: string, cookie?: string): Promise<PageResult> {
  const response = await fetch(`${origin}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

/**
 * The JavaScript a first visit downloads: every /_next script of the page, gzip-compressed and
 * summed. `<script noModule>` (Next's legacy-browser polyfills) is left out: browsers that run ES
 * modules — every browser this app supports — never download it. Its size is reported separately.
 */
export async function firstLoadJs(origin: string, html: string): Promise<{ files: number; rawBytes: number; gzipBytes: number; noModuleGzipBytes: number }> {
  const sources = new Set<string>();
  const noModule = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*>/g)) {
    const src = /\ssrc="([^"]+)"/.exec(match[0])?.[1];
    if (src) (/\snomodule\b/i.test(match[0]) ? noModule : sources).add(src);
  }
  for (const match of html.matchAll(/<link[^>]*rel="preload"[^>]*as="script"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*as="script"/g))
    sources.add((match[1] ?? match[2])!);
  const gzipOf = async (src: string) => {
    const url = src.startsWith('http') ? src : `${origin}${src.replaceAll('&amp;', '&')}`;
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    return { raw: body.length, gzip: gzipSync(body, { level: 6 }).length };
  };
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const src of sources) {
    const size = await gzipOf(src);
    rawBytes += size.raw;
    gzipBytes += size.gzip;
  }
  let noModuleGzipBytes = 0;
  for (const src of noModule) if (!sources.has(src)) noModuleGzipBytes += (await gzipOf(src)).gzip;
  return { files: sources.size, rawBytes, gzipBytes, noModuleGzipBytes };
}

const decode = (s: string) => s.replaceAll('&quot;', '"').replaceAll('&#x27;', "'").replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');

/** The hidden inputs of the first form in `html` that carries a server action (React's $ACTION_ fields). */
export function serverActionForm(html: string): { fields: [string, string][] } | null {
  for (const form of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
    const fields: [string, string][] = [];
    for (const input of form[1]!.matchAll(/<input\b[^>]*>/g)) {
      const tag = input[0];
      const name = /\sname="([^"]*)"/.exec(tag)?.[1];
      if (!name || !/type="hidden"/.test(tag)) continue;
      fields.push([decode(name), decode(/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '')]);
    }
    if (fields.some(([name]) => name.startsWith('$ACTION'))) return { fields };
  }
  return null;
}

/** Posts a server-action form (multipart, like a browser without JavaScript) to `origin` + `path`. */
export async function postServerActionForm(origin: string, path: string, fields: [string, string][], cookie: string): Promise<Response> {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  return fetch(`${origin}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, origin }, body });
}
