// The HTTP server: /health and /ready, the playground's assets, the request guards (body size,
// content type), Yoga on /graphql, and graceful shutdown.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { CustomerService } from './customers/service.js';
import { jsonError } from './errors.js';
import { PLAYGROUND_ASSETS, playgroundAsset } from './playground.js';
import { createGraphQLHandler } from './yoga.js';

export interface RunningServer {
  url: string;
  /**
   * Turns /ready to 503 at once, keeps serving for `delayMs` so load balancers can notice,
   * then stops listening and resolves once in-flight requests have finished (or after
   * `timeoutMs`, when the remaining connections are cut).
   */
  shutdown(options: { delayMs: number; timeoutMs: number }): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json') {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The request listener for an async `route`: a route that fails is answered 500 "Unexpected
 * error." (cut instead, when its answer had begun) and logged, never left to end the process.
 */
export function answeringFailures(route: (req: IncomingMessage, res: ServerResponse) => Promise<void>, logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((error: unknown) => {
      logger.error({ err: error, method: req.method, url: req.url?.slice(0, 200) }, 'request failed');
      if (res.headersSent) res.destroy();
      else send(res, 500, jsonError('Unexpected error.', 'INTERNAL_SERVER_ERROR'));
    });
  };
}

export function startServer(config: Config, service: CustomerService, logger: Logger): Promise<RunningServer> {
  const yoga = createGraphQLHandler(config, service, logger);
  let ready = true;

  const sendAsset = (res: ServerResponse, asset: { type: string; body: Buffer }) => {
    res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'public, max-age=86400' });
    res.end(asset.body);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/health') return send(res, 200, '{"status":"ok"}');
    if (path === '/ready') return ready ? send(res, 200, '{"status":"ready"}') : send(res, 503, '{"status":"shutting down"}');
    if (path.startsWith(PLAYGROUND_ASSETS)) {
      const name = decodePath(path.slice(PLAYGROUND_ASSETS.length));
      if (name === null) return send(res, 400, jsonError('The URL path is not valid percent-encoding.', 'BAD_REQUEST'));
      const asset = await playgroundAsset(name);
      return asset ? sendAsset(res, asset) : send(res, 404, 'Not Found', 'text/plain; charset=utf-8');
    }
    if (!ready) res.setHeader('connection', 'close');
    const length = Number(req.headers['content-length'] ?? 0);
    if (req.headers['transfer-encoding'] && !req.headers['content-length']) {
      return send(res, 411, jsonError('Send the request with a Content-Length header.', 'BAD_REQUEST'));
    }
    const type = req.headers['content-type'] ?? '';
    if (req.method === 'POST' && !/^application\/(json|graphql\+json|graphql-response\+json)\b/.test(type)) {
      return send(res, 415, jsonError('Send GraphQL requests as "Content-Type: application/json".', 'BAD_REQUEST'));
    }
    if (length > config.maxBodyBytes) {
      res.setHeader('connection', 'close');
      return send(res, 413, jsonError(`The request body is larger than ${config.maxBodyBytes} bytes.`, 'PAYLOAD_TOO_LARGE'));
    }
    return yoga(req, res);
  };

  const server = createServer(answeringFailures(route, logger));
  server.keepAliveTimeout = 65_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://localhost:${port}/graphql`;
      resolve({
        url,
        shutdown: async ({ delayMs, timeoutMs }) => {
          ready = false;
          await sleep(delayMs);
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

/** A percent-encoded URL path decoded, or null when it is not valid percent-encoding of UTF-8. */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
