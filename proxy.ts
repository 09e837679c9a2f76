import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { auth } from '@/lib/auth';
import { RETURN_PARAM, safeReturnPath } from '@/lib/auth/return-path';
import { isBenchMode, isDevelopment } from '@/lib/env';

/*
 * Runs before every page and action: security headers (CSP with a per-request nonce), a request id
 * for the audit trail, the sliding idle timeout (Auth.js re-signs the session cookie here), and a
 * redirect to /login when there is no session. It never decides access to data: lib/data does.
 */
const PUBLIC_PATHS = ['/login', '/session-ended', '/api/auth', '/api/health', '/invite', '/set-password'];

function isPublic(pathname: string): boolean {
  if (pathname === '/bench/public' && isBenchMode()) return true;
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

function contentSecurityPolicy(nonce: string, https: boolean): string {
  const dev = isDevelopment();
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React sets style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

function withSecurityHeaders(response: NextResponse | Response, csp: string, requestId: string, https: boolean) {
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('X-Request-Id', requestId);
  // Signed-in pages hold health information: never store them in any cache.
  response.headers.set('Cache-Control', 'no-store, max-age=0');
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return response;
}

const withSession = auth((request: NextRequest & { auth: unknown }) => {
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const requestId = crypto.randomUUID();
  const csp = contentSecurityPolicy(nonce, https);

  if (!request.auth && !isPublic(request.nextUrl.pathname)) {
    const login = new URL('/login', request.nextUrl);
    // Remember the page asked for (a page load, not an action), so sign-in can return to it.
    if (request.method === 'GET' || request.method === 'HEAD') {
      const page = new URL(request.nextUrl.href);
      // A client-side navigation carries the router's cache-buster; the page itself does not need it.
      page.searchParams.delete('_rsc');
      const asked = safeReturnPath(`${page.pathname}${page.search}`);
      if (asked) login.searchParams.set(RETURN_PARAM, asked);
    }
    return withSecurityHeaders(NextResponse.redirect(login), csp, requestId, https);
  }

  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('x-request-id', requestId);
  headers.set('Content-Security-Policy', csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp, requestId, https);
});

// Auth.js with a lazily built config hands back its wrapper asynchronously.
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const handler = (await Promise.resolve(withSession)) as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response>;
  return handler(request, event);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)'],
};
