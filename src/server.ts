// The HTTP server: listening, the request guards (body size, content type, bodies arriving at
// once, time to arrive), the connection limit, routing (to routes/ and to Yoga on /graphql), and
// graceful shutdown. Every request runs in its request scope and is answered with
// its X-Request-Id.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { CustomerService } from './customers/service.js';
import { jsonError } from './errors.js';
import { boundPort } from './listen.js';
import { PendingBodies, readBody } from './request-body.js';
import { guardedMetrics, sendMetrics } from './routes/metrics.js';
import { isPlaygroundAsset, sendPlaygroundAsset } from './routes/playground-assets.js';
import { readiness, sendHealth } from './routes/ready.js';
import { send } from './routes/send.js';
import { requestIdFrom, runInRequestScope } from './telemetry/request-scope.js';
import type { Metrics } from './telemetry/metrics.js';
import type { SourceHealth } from './telemetry/source-health.js';
import { withServerSpan } from './telemetry/server-span.js';
import { createGraphQLHandler } from './yoga.js';

export interface RunningServer {
  url: string;
  /**
   * Turns /ready to 503 at once, keeps serving for `delayMs` so load balancers can notice,
   * then ends the open subscriptions, stops listening and resolves once in-flight requests have
   * finished (or after `timeoutMs`, when the remaining connections are cut).
   */
  shutdown(options: { delayMs: number; timeoutMs: number }): Promise<void>;
}

/** A UTF-8 byte order mark: RFC 8259 lets a JSON parser ignore it, and fetch's json() does; Yoga's does not. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A body already read, in a form Yoga's Node adapter takes from `req.body`: an async iterable with
 * an own key. Not the Buffer itself: the adapter checks `Object.keys(body)`, which on a Buffer
 * lists every byte (100-200 ms for 1 MB).
 */
const alreadyRead = (body: Buffer) => ({
  body,
  async *[Symbol.asyncIterator]() {
    yield body;
  },
});

/**
 * After an answer given before its body was read: the most of that body read and discarded, for
 * how long, and on how many connections at once (each chunk read is garbage until V8 collects it:
 * 300 connections drained at once raised RSS by 50 MB more than closing them did).
 */
const DRAIN_BYTES = 4 * 1_048_576;
const DRAIN_MS = 2000;
const DRAINING_AT_ONCE = 16;

/**
 * Answers a request whose body is not (or no longer) wanted, then closes its connection. Closed at
 * once, a connection on which bytes are still arriving is reset, and a client still sending its
 * body sees that reset instead of the answer: so the rest of the body is read and discarded first,
 * up to DRAIN_BYTES or DRAIN_MS, whichever comes first, on up to DRAINING_AT_ONCE connections
 * (beyond that, as under a flood of bodies, the connection is closed once the answer is sent).
 */
function refusals() {
  let draining = 0;
  return (req: IncomingMessage, res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { ...headers, connection: 'close', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    if (req.readableEnded || req.destroyed || draining >= DRAINING_AT_ONCE) {
      res.end(body);
      return;
    }
    // Sent now; ended (which closes the connection) once the body is drained.
    res.write(body);
    draining++;
    let drained = 0;
    const close = () => {
      draining--;
      clearTimeout(timer);
      req.off('data', onData).off('end', close).off('close', close);
      res.end();
    };
    const onData = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_BYTES) close();
    };
    const timer = setTimeout(close, DRAIN_MS);
    req.on('data', onData).once('end', close).once('close', close);
  };
}

/**
 * Holds the open connections to `max`: a connection beyond it closes the one idle longest (between
 * requests, or not yet sent one), and only when none is idle is the new one closed. Idle
 * connections cannot take every slot from clients that have a request to make.
 */
function limitConnections(server: Server, max: number) {
  let open = 0;
  /** Idle connections, longest idle first (a Map keeps insertion order). */
  const idle = new Map<Socket, true>();
  const requests = new WeakMap<Socket, number>();
  server.on('connection', (socket: Socket) => {
    if (open >= max) {
      const longest = idle.keys().next().value;
      if (!longest) return socket.destroy();
      idle.delete(longest);
      longest.destroy();
    }
    open++;
    idle.set(socket, true);
    socket.once('close', () => {
      open--;
      idle.delete(socket);
    });
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const { socket } = req;
    idle.delete(socket);
    requests.set(socket, (requests.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = requests.get(socket)! - 1;
      requests.set(socket, left);
      if (left === 0 && !socket.destroyed) idle.set(socket, true);
    });
  });
}

/**
 * The request listener for an async `route`: each request runs in its request scope, with the
 * caller's acceptable X-Request-Id or a new one, which every answer carries. A route that fails
 * is answered 500 "Unexpected error." (cut instead, when its answer had begun) and logged, never
 * left to end the process.
 */
export function answeringFailures(route: (req: IncomingMessage, res: ServerResponse) => Promise<void>, logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    // The catch below answers every failure; `void` says nothing else waits for it.
    void runInRequestScope(requestId, () =>
      route(req, res).catch((error: unknown) => {
        logger.error({ err: error, method: req.method, url: req.url?.slice(0, 200) }, 'request failed');
        if (res.headersSent) res.destroy();
        else send(res, 500, jsonError('Unexpected error.', 'INTERNAL_SERVER_ERROR'));
      }),
    );
  };
}

export function startServer(config: Config, service: CustomerService, health: SourceHealth, metrics: Metrics, logger: Logger): Promise<RunningServer> {
  const yoga = createGraphQLHandler(config, service, metrics, logger);
  const pendingBodies = new PendingBodies(config.maxPendingBodyBytes, config.maxPendingBodyBytesPerClient);
  const sendGuardedMetrics = guardedMetrics(config, metrics);
  const refuse = refusals();
  let ready = true;
  const sendReady = readiness(service, health, () => ready);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/health') return sendHealth(res);
    if (path === '/ready') return sendReady(res);
    if (path === '/metrics' && !config.metrics) return sendGuardedMetrics(req, res);
    if (isPlaygroundAsset(path)) return sendPlaygroundAsset(path, res);
    if (!ready) res.setHeader('connection', 'close');
    const length = Number(req.headers['content-length'] ?? 0);
    if (req.headers['transfer-encoding'] && !req.headers['content-length']) {
      return refuse(req, res, 411, jsonError('Send the request with a Content-Length header.', 'BAD_REQUEST'));
    }
    const type = req.headers['content-type'] ?? '';
    if (req.method === 'POST' && !/^application\/(json|graphql\+json|graphql-response\+json)\b/.test(type)) {
      return refuse(req, res, 415, jsonError('Send GraphQL requests as "Content-Type: application/json".', 'BAD_REQUEST'));
    }
    if (length > config.maxBodyBytes) {
      return refuse(req, res, 413, jsonError(`The request body is larger than ${config.maxBodyBytes} bytes.`, 'PAYLOAD_TOO_LARGE'));
    }
    if (length > 0) {
      const busy = () =>
        refuse(req, res, 503, jsonError('Too many request bodies are arriving at once; retry in a moment.', 'SERVICE_UNAVAILABLE'), { 'retry-after': '1' });
      const pending = pendingBodies.admit(req.socket.remoteAddress ?? '', length);
      if (!pending) return busy();
      const body = await readBody(req, length, { receive: pending.receive, idleMs: config.bodyIdleTimeoutMs }).finally(pending.release);
      if (body === 'no-room') return busy();
      if (body === 'stalled') {
        return refuse(req, res, 408, jsonError(`Nothing of the request body arrived for ${config.bodyIdleTimeoutMs} ms.`, 'REQUEST_TIMEOUT'));
      }
      // The client left, or REQUEST_TIMEOUT_MS cut it; either way nobody waits for an answer.
      if (body === 'closed') return;
      Object.assign(req, { body: alreadyRead(body.subarray(0, 3).equals(BOM) ? body.subarray(3) : body) });
    }
    return yoga(req, res);
  };

  const server = createServer(
    {
      // Headers and body must both have arrived within REQUEST_TIMEOUT_MS; the client gets 408.
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.requestTimeoutMs,
      // How often Node looks for requests past that (its default, 30 s, would let them run long past it).
      connectionsCheckingInterval: Math.min(1000, Math.ceil(config.requestTimeoutMs / 4)),
      keepAliveTimeout: config.keepAliveTimeoutMs,
    },
    answeringFailures(withServerSpan(route), logger),
  );
  limitConnections(server, config.maxConnections);

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      const url = `http://localhost:${boundPort(server)}/graphql`;
      resolve({
        url,
        shutdown: async ({ delayMs, timeoutMs }) => {
          ready = false;
          await sleep(delayMs);
          // A subscription's stream never finishes by itself: each is ended (its client is told
          // `complete`, and may subscribe again elsewhere), and new ones are refused.
          service.endSubscriptions();
          const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
          // close() waits for in-flight requests. Keep-alive connections are closed as soon as
          // they are idle, including those still busy now once their response is sent.
          const idle = setInterval(() => server.closeIdleConnections(), 50);
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          });
          clearInterval(idle);
          clearTimeout(force);
        },
      });
    });
  });
}

/**
 * The listener of METRICS_PORT: GET /metrics and nothing else (404), with no credentials: it is
 * bound to METRICS_HOST, loopback unless configured otherwise. Answers its /metrics URL and how
 * to close it.
 */
export function startMetricsServer({ port, host }: { port: number; host: string }, metrics: Metrics, logger: Logger): Promise<{ url: string; close(): void }> {
  const server = createServer(
    { requestTimeout: 10_000, headersTimeout: 10_000 },
    answeringFailures(async (req, res) => {
      if ((req.url ?? '/').split('?')[0] === '/metrics') return sendMetrics(metrics, res);
      send(res, 404, 'Not Found', 'text/plain; charset=utf-8');
    }, logger),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort(server)}/metrics`,
        close: () => {
          server.close();
          server.closeAllConnections();
        },
      });
    });
  });
}
