import type { IncomingHttpHeaders } from 'node:http';

/*
 * Next.js does not expose the socket address to the app (it fills X-Forwarded-For with it only when
 * the client sent none). Rapport's own server (scripts/serve.ts) therefore copies the socket peer
 * into an internal header on every request, replacing whatever the client sent under that name,
 * and marks the process so the app knows the header was written by it. Without that mark (for
 * example under `next dev` or a bare `next start`), the header is ignored: the address is unknown.
 */
export const PEER_ADDRESS_HEADER = 'x-rapport-peer-address';

const STAMPED_BY_SERVER = Symbol.for('rapport.peer-address-stamped');

type StampedGlobal = typeof globalThis & { [STAMPED_BY_SERVER]?: boolean };

/** Called once by scripts/serve.ts before it accepts requests. */
export function markPeerAddressStamping(): void {
  (globalThis as StampedGlobal)[STAMPED_BY_SERVER] = true;
}

/** Test-only counterpart of markPeerAddressStamping. */
export function unmarkPeerAddressStamping(): void {
  delete (globalThis as StampedGlobal)[STAMPED_BY_SERVER];
}

export function peerAddressIsStamped(): boolean {
  return (globalThis as StampedGlobal)[STAMPED_BY_SERVER] === true;
}

/** Replaces any client-sent copy of the internal header with the socket's peer address. */
export function stampPeerAddress(request: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string | undefined } }): void {
  delete request.headers[PEER_ADDRESS_HEADER];
  const peer = request.socket.remoteAddress;
  if (peer) request.headers[PEER_ADDRESS_HEADER] = peer;
}

/** The socket peer of the current request, when Rapport's server wrote it; else null. */
export function stampedPeerAddress(headers: Headers): string | null {
  return peerAddressIsStamped() ? headers.get(PEER_ADDRESS_HEADER) : null;
}
