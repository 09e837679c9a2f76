import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER, peerAddressIsStamped, stampedPeerAddress, unmarkPeerAddressStamping } from '@/lib/net/peer-address';
import { createAppServer } from './app-server';

/** Sends a raw HTTP request (so the test controls every header line) and returns the response body. */
function rawRequest(port: number, host: string, headerLines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => {
      socket.write([`GET / HTTP/1.1`, `Host: localhost`, 'Connection: close', ...headerLines, '', ''].join('\r\n'));
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data.slice(data.indexOf('\r\n\r\n') + 4)));
    socket.on('error', reject);
  });
}

describe('createAppServer', () => {
  afterEach(() => unmarkPeerAddressStamping());

  async function serve(host: string) {
    const server = createAppServer(async (request, response) => {
      // What the app will read: Next builds its Headers from request.headers.
      const headers = new Headers(Object.entries(request.headers).map(([k, v]) => [k, String(v)] as [string, string]));
      response.end(JSON.stringify({ peer: stampedPeerAddress(headers), forwarded: headers.get('x-forwarded-for') }));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return { server, port: (server.address() as AddressInfo).port };
  }

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
  ])('replaces any client-sent peer header with the socket address (%s)', async (host, expected) => {
    const { server, port } = await serve(host);
    try {
      expect(peerAddressIsStamped()).toBe(true);
      const plain = await rawRequest(port, host, []);
      expect(JSON.parse(plain)).toEqual({ peer: expected, forwarded: null });
      const forged = await rawRequest(port, host, [
        `${PEER_ADDRESS_HEADER}: 203.0.113.66`,
        `X-Rapport-Peer-Address: 203.0.113.67`,
        'X-Forwarded-For: 203.0.113.68',
      ]);
      // The forwarded header passes through untouched: whether to believe it is the app's decision.
      expect(JSON.parse(forged)).toEqual({ peer: expected, forwarded: '203.0.113.68' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("without Rapport's server in the process, the app ignores the header", () => {
    expect(peerAddressIsStamped()).toBe(false);
    expect(stampedPeerAddress(new Headers({ [PEER_ADDRESS_HEADER]: '203.0.113.66' }))).toBeNull();
  });
});
