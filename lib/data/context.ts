import 'server-only';

export type RequestContext = { requestId: string | null; ip: string | null };

/**
 * The request id (set by proxy.ts) and client address of the current request, when there is one.
 * Outside a request (scripts, tests) both are null.
 */
export async function requestContext(): Promise<RequestContext> {
  try {
    const { headers } = await import('next/headers');
    const h = await headers();
    return { requestId: h.get('x-request-id'), ip: clientIp(h) };
  } catch {
    return { requestId: null, ip: null };
  }
}

/**
 * The nearest untrusted hop: the last x-forwarded-for entry is the one our own server (or the load
 * balancer in front of it) appended, so a client cannot pick its own address by sending the header.
 */
export function clientIp(h: Headers): string | null {
  const forwarded = h.get('x-forwarded-for');
  if (forwarded) {
    const parts = forwarded.split(',').map((p) => p.trim()).filter(Boolean);
    const last = parts.at(-1);
    if (last) return last;
  }
  return h.get('x-real-ip');
}
