// HTTP spoken by hand over node:net, for what fetch refuses to send (raw bytes, unfinished
// requests) and for holding connections open.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** The status code, or null when the server sent nothing. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection (before `waitMs` ran out). */
  closed: boolean;
}

/** Host and port of a server URL, as node:net takes them. */
export const addressOf = (url: string) => {
  const { hostname, port } = new URL(url);
  return { host: hostname === 'localhost' ? '127.0.0.1' : hostname, port: Number(port) };
};

export function parseAnswer(raw: Buffer, closed: boolean): RawAnswer {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, end < 0 ? text.length : end).split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1];
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: status ? Number(status) : null, headers, body: end < 0 ? '' : text.slice(end + 4), closed };
}

/** A connection that collects everything the server sends. */
export class RawConnection {
  readonly socket: Socket;
  private received: Buffer[] = [];
  readonly closed: Promise<void>;
  isClosed = false;

  /** `localAddress`: the loopback address to connect from (127.0.0.2 is another client than 127.0.0.1). */
  constructor(url: string, localAddress?: string) {
    this.socket = connect({ ...addressOf(url), ...(localAddress ? { localAddress } : {}) });
    // The server may cut a connection that is still sending (that is what some tests check).
    this.socket.on('error', () => {});
    this.socket.on('data', (chunk) => this.received.push(chunk));
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
    void this.closed.then(() => (this.isClosed = true));
  }

  send(bytes: string | Buffer): this {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    return this;
  }

  /** What has arrived once the server closes the connection, or `waitMs` has passed. */
  async answer(waitMs = 5000): Promise<RawAnswer> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.closed, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    return parseAnswer(Buffer.concat(this.received), this.isClosed);
  }

  /** Resolves once `text` has arrived. */
  async waitFor(text: string, waitMs = 5000): Promise<RawAnswer> {
    const deadline = Date.now() + waitMs;
    while (!Buffer.concat(this.received).toString('latin1').includes(text)) {
      if (Date.now() > deadline || this.isClosed) throw new Error(`no "${text}" within ${waitMs} ms: ${Buffer.concat(this.received).toString('latin1')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return parseAnswer(Buffer.concat(this.received), this.isClosed);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Sends one request (closing the connection after it) and answers what came back. */
export function rawRequest(url: string, request: string | Buffer, waitMs = 5000): Promise<RawAnswer> {
  return new RawConnection(url).send(request).answer(waitMs);
}

/**
 * One request over a connection of its own (node:http, no agent), as a browser's or a fresh
 * client's would be: answers the status and body, or rejects with what the client saw (EPIPE,
 * ECONNRESET...) when the answer did not arrive.
 */
export function freshRequest(
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
    localAddress,
  }: { method?: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false, ...(localAddress ? { localAddress } : {}), timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.end(body);
  });
}
