// How the stub and the bare-Node peers start: keep-alive connections held for a minute (autocannon
// reuses them), port 0 on loopback, and one JSON line `{ msg, url }` once listening, which the
// harness waits for. support/net.ts's portOf is outside this compiled tree (rootDir).
import type { Server } from 'node:http';

export function listenAndAnnounce(server: Server, msg: string, path = ''): void {
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
    console.log(JSON.stringify({ msg, url: `http://127.0.0.1:${address.port}${path}` }));
  });
}
