// What both emulators share: the HTTP skeleton, the request log, fault injection, and the
// `/__emulator/` control routes. Emulators stand in for someone else's service, so nothing
// here imports from the rest of the project.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

export interface EmulatorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Raw body text ('' when none). */
  text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as text/plain, anything else as JSON. */
  body: unknown;
}

/**
 * A fault queued through `POST /__emulator/faults`. It applies to the next `count` requests on
 * real routes that match `method` and `pathPrefix` (an `ignoreFields` fault matches updates
 * only). Without `afterApply` the request waits `latencyMs`, then is dropped, answered with
 * `status`, or handled; with `afterApply` it is handled first (the change is stored), then
 * waits, then is dropped or answered (with `status` instead of the real answer, if given).
 */
export const Fault = z
  .strictObject({
    count: z.number().int().min(1).max(1_000_000).default(1),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
    pathPrefix: z.string().startsWith('/').optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    afterApply: z.boolean().default(false),
    status: z.number().int().min(400).max(599).optional(),
    retryAfter: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
    dropConnection: z.boolean().default(false),
    ignoreFields: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((fault) => !(fault.dropConnection && fault.status !== undefined), {
    path: ['status'],
    message: 'cannot be combined with dropConnection (a dropped connection has no status)',
  })
  .refine((fault) => fault.retryAfter === undefined || fault.status !== undefined, {
    path: ['retryAfter'],
    message: 'needs a status to be sent with',
  });
export type Fault = z.infer<typeof Fault>;

/** The logged status of a request whose connection a fault dropped without an answer. */
export const DROPPED = 0;

/** One request in the log as `GET /__emulator/requests` answers it: a schema, so that a client reads it checked. */
export const LoggedRequest = z.object({
  method: z.string(),
  /** Path with its query string (what `pathPrefix` is matched against). */
  path: z.string(),
  /** The status answered: `DROPPED` (0) when a fault cut the connection, null while still being handled. */
  status: z.number().nullable(),
  body: z.unknown(),
  /** The `x-request-id` header received, or null. */
  requestId: z.string().nullable(),
  /** The W3C `traceparent` header received, or null. */
  traceparent: z.string().nullable(),
  /** Arrival time (epoch ms), to see how requests overlapped. */
  receivedAt: z.number(),
});
export type LoggedRequest = z.infer<typeof LoggedRequest>;

/** One backend's behaviour, plugged into the shared skeleton. */
export interface EmulatedBackend {
  /** Back to the seed data. */
  reset(): void;
  /** Adds a record given in the backend's own shape (missing fields defaulted); returns the stored record. */
  addCustomer(record: unknown): EmulatorResponse;
  /** Answers a request on a real route; `fault` carries any `ignoreFields` in force. */
  handle(req: EmulatorRequest, fault: Fault | null): EmulatorResponse | Promise<EmulatorResponse>;
  /** The backend's own error response for an injected status. */
  errorResponse(status: number, message: string): EmulatorResponse;
}

export interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;

export function startEmulator(backend: EmulatedBackend, port: number, host = '127.0.0.1'): Promise<RunningEmulator> {
  const log: LoggedRequest[] = [];
  let faults: Fault[] = [];

  /** The first queued fault that matches the request, one use of it taken. */
  const takeFault = (method: string, path: string): Fault | null => {
    const index = faults.findIndex(
      (fault) =>
        (fault.method === undefined || fault.method === method) &&
        (fault.pathPrefix === undefined || path.startsWith(fault.pathPrefix)) &&
        // Updates are PUTs on both backends; a read must not use up a fault meant for a write.
        (fault.ignoreFields === undefined || method === 'PUT'),
    );
    const fault = faults[index];
    if (!fault) return null;
    if (--fault.count === 0) faults.splice(index, 1);
    return fault;
  };

  const control = (req: EmulatorRequest): EmulatorResponse => {
    const route = `${req.method} ${req.path}`;
    switch (route) {
      case 'POST /__emulator/reset':
        backend.reset();
        log.length = 0;
        faults = [];
        return { status: 200, body: { ok: true } };
      case 'POST /__emulator/customers':
        return backend.addCustomer(req.json ?? {});
      case 'GET /__emulator/requests':
        return { status: 200, body: { requests: log } };
      case 'POST /__emulator/faults': {
        const fault = Fault.safeParse(req.json ?? {});
        if (!fault.success) return { status: 400, body: { error: fault.error.issues.map(describeIssue).join('; ') } };
        faults.push(fault.data);
        return { status: 200, body: { ok: true, pending: faults } };
      }
      case 'DELETE /__emulator/faults':
        faults = [];
        return { status: 200, body: { ok: true } };
      default:
        return { status: 404, body: 'Not Found' };
    }
  };

  const server = createServer(async (incoming, res) => {
    const receivedAt = Date.now();
    const req = await readRequest(incoming);
    if (!req) {
      send(res, { status: 413, body: 'Payload Too Large' });
      return;
    }
    if (req.path.startsWith('/__emulator/')) {
      send(res, control(req));
      return;
    }
    const path = req.path + (req.query.size ? `?${req.query}` : '');
    const entry: LoggedRequest = {
      method: req.method,
      path,
      status: null,
      body: req.json ?? (req.text || null),
      // No other header is logged: Authorization and the like carry credentials.
      requestId: singleHeader(req.headers['x-request-id']),
      traceparent: singleHeader(req.headers.traceparent),
      receivedAt,
    };
    log.push(entry);
    const response = await answer(backend, req, takeFault(req.method, path));
    if (response === null) {
      entry.status = DROPPED;
      res.socket?.destroy();
      return;
    }
    entry.status = response.status;
    send(res, response);
  });
  server.keepAliveTimeout = 60_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      // A TCP listener's address is an AddressInfo; a string would be a pipe, null a closed server.
      if (address === null || typeof address === 'string') return reject(new Error(`not listening on a TCP port: ${address}`));
      const { port: bound } = address;
      resolve({
        url: `http://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The answer to a request on a real route under its fault, if any; null: drop the connection. */
async function answer(backend: EmulatedBackend, req: EmulatorRequest, fault: Fault | null): Promise<EmulatorResponse | null> {
  if (!fault) return backend.handle(req, null);
  // A backend that committed the change but answers late, fails, or never answers.
  const handled = fault.afterApply ? await backend.handle(req, fault) : null;
  if (fault.latencyMs) await sleep(fault.latencyMs);
  if (fault.dropConnection) return null;
  if (fault.status !== undefined) {
    const response = backend.errorResponse(fault.status, 'Injected fault');
    if (fault.retryAfter !== undefined) response.headers = { ...response.headers, 'retry-after': String(fault.retryAfter) };
    return response;
  }
  return handled ?? backend.handle(req, fault);
}

/** A header's text (Node joins repeated headers itself, but its type allows an array). */
function singleHeader(value: string | string[] | undefined): string | null {
  return typeof value === 'string' ? value : (value?.join(', ') ?? null);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

async function readRequest(incoming: IncomingMessage): Promise<EmulatorRequest | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const data of incoming) {
    // No encoding is set on the request, so every chunk is a Buffer.
    const chunk: Buffer = data;
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const url = new URL(incoming.url ?? '/', 'http://emulator');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: incoming.headers, text, json };
}

function send(res: ServerResponse, response: EmulatorResponse) {
  const text = typeof response.body === 'string';
  const payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': text ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(payload);
}

/** Path segments after a prefix, URL-decoded (e.g. "/api/v1/customers/a%20b" → ["a b"]). */
export function segmentsAfter(path: string, prefix: string): string[] | null {
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return null;
  const rest = path.slice(prefix.length + 1);
  if (rest === '') return [];
  try {
    return rest.split('/').map(decodeURIComponent);
  } catch {
    return null;
  }
}

/** Drops the keys named by an `ignoreFields` fault from an update, as a backend that silently ignores them would. */
export function withoutIgnored<T extends object>(update: T, fault: Fault | null): Partial<T> {
  const kept: Partial<T> = { ...update };
  for (const key of fault?.ignoreFields ?? []) Reflect.deleteProperty(kept, key);
  return kept;
}
