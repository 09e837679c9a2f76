import 'server-only';
import { getTrustedProxies } from '@/lib/env';
import { resolveClientAddress, type TrustedProxies } from '@/lib/net/client-address';
import { stampedPeerAddress } from '@/lib/net/peer-address';

export type RequestContext = { requestId: string | null; ip: string | null };

/**
 * The request id (set by proxy.ts) and client address of the current request, when there is one.
 * Outside a request (scripts, tests) both are null.
 */
let nextHeaders: Promise<typeof import('next/headers')> | null = null;

export async function requestContext(): Promise<RequestContext> {
  let h: Headers;
  try {
    // Resolved once: every audit event asks, and a module lookup per call showed up in profiles.
    nextHeaders ??= import('next/headers');
    const { headers } = await nextHeaders;
    h = await headers();
  } catch {
    return { requestId: null, ip: null };
  }
  return { requestId: h.get('x-request-id'), ip: clientIp(h) };
}

/**
 * The client address: the socket peer (written by Rapport's server, never by the client), or, when
 * that peer is one of TRUSTED_PROXIES, the first untrusted hop of X-Forwarded-For from the right.
 * Null when the app runs without Rapport's server (next dev): then no address is trusted.
 */
export function clientIp(h: Headers, trusted: TrustedProxies | null = getTrustedProxies()): string | null {
  return resolveClientAddress(stampedPeerAddress(h), h.get('x-forwarded-for'), trusted);
}
