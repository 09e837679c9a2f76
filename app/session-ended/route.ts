import { NextResponse, type NextRequest } from 'next/server';

/**
 * Where a session the database no longer honours (disabled account, bumped session version) is
 * sent: server components cannot clear cookies, a route handler can.
 */
export function GET(request: NextRequest) {
  // A relative Location keeps the browser on the host it used (behind proxies the request URL may name another).
  const response = new NextResponse(null, { status: 303, headers: { Location: '/login?reason=ended' } });
  for (const cookie of request.cookies.getAll()) {
    if (cookie.name.includes('authjs.session-token')) {
      response.cookies.set(cookie.name, '', {
        maxAge: 0,
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: cookie.name.startsWith('__Secure-'),
      });
    }
  }
  return response;
}
