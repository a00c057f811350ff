// The port a TCP server listens on, read without a cast.
import type { Server } from 'node:net';

/** The port `server` is bound to; an error when it listens on a pipe, or not at all. */
export function boundPort(server: Pick<Server, 'address'>): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`not listening on a TCP port: ${address}`);
  return address.port;
}
