import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { markPeerAddressStamping, stampPeerAddress } from '../../lib/net/peer-address';

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * The HTTP server in front of Next's request handler: every request carries its socket peer in the
 * internal header (a client-sent copy is replaced), which is how the app learns the client address.
 */
export function createAppServer(handle: RequestHandler): Server {
  markPeerAddressStamping();
  return createServer((request, response) => {
    stampPeerAddress(request);
    handle(request, response).catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
}
