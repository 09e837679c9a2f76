import 'server-only';

export type RequestContext = { requestId: string | null; ip: string | null };

/**
 * The request id (set by proxy.ts) and client address of the current request, when there is one.
 * Outside a request (scripts, tests) both are null.
 */
let nextHeaders: Promise<typeof import('next/headers')> | null = null;

export async function requestContext(): Promise<RequestContext> {
  try {
    // Resolved once: every audit event asks, and a module lookup per call showed up in profiles.
    nextHeaders ??= import('next/headers');
    const { headers } = await nextHeaders;
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
