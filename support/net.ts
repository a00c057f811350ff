// Ports of listening TCP servers (each asked for port 0).
import { createServer, type AddressInfo } from 'node:net';

/** `server.address()` is a string only for a pipe or socket path, null before listening: neither is a test's server. */
export function portOf(server: { address(): AddressInfo | string | null }): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`not listening on a TCP port: ${address}`);
  return address.port;
}

/** A port free a moment ago (listened on, then closed): a child process can take it, or a test find nothing there. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = portOf(probe);
      probe.close(() => resolve(port));
    });
  });
}
