// The shared HTTP client: one keep-alive pool per source, every call under the source's policy.
import { Pool, type Dispatcher } from 'undici';
import type { ZodType } from 'zod';
import { BackendError, errorCodeForStatus, externalIdProblem, type RejectedField, type UnsettledWrites } from '../customers/backend.js';
import type { RateBudget } from '../customers/coordination.js';
import type { BackendMetrics, Metrics } from '../telemetry/metrics.js';
import { countBackendCall, withRequestId } from '../telemetry/request-scope.js';
import { stateOfAttempt, type SourceHealth } from '../telemetry/source-health.js';
import { AttemptSpan } from './attempt-span.js';
import { SourcePolicy, TransientError, type HttpPolicy } from './policy.js';

export type { HttpPolicy } from './policy.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** A write call: whether some attempt of it may have been applied (see `mayHaveApplied`); false for reads. */
  maybeApplied: boolean;
}

export type HttpMethod = 'GET' | 'PUT' | 'POST';

/**
 * What a source's client tells how each attempt went: its state (for /ready) and its counts (for
 * /metrics). One of each per process, built by main.ts.
 */
export interface SourceObservers {
  health: SourceHealth;
  metrics: Metrics;
}

/** GET and PUT may be repeated safely; archive (POST) may not be assumed so. */
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT']);
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** An attempt that had no whole answer within its timeout. */
class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

/** undici's codes for a connection that failed, timed out or was cut, and the OS's (ECONNRESET…). */
const NETWORK_CODES = /^(E[A-Z]+|UND_ERR_(SOCKET|CONNECT_TIMEOUT|HEADERS_TIMEOUT|BODY_TIMEOUT))$/;

function isNetworkFailure(error: unknown): boolean {
  if (error instanceof AttemptTimeout) return true;
  const code = errorCode(error);
  return code !== null && NETWORK_CODES.test(code);
}

function errorCode(error: unknown): string | null {
  const code: unknown = error instanceof Error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : null;
}

/** What a failed attempt's span records: a code or a class name, never a message (it may quote the URL). */
function failureType(error: unknown): string {
  if (error instanceof AttemptTimeout) return 'timeout';
  return errorCode(error) ?? (error instanceof Error ? error.name : 'unknown');
}

/** A backend path and the template it was built from (which names the call in traces and holds no key). */
export interface Route {
  template: string;
  path: string;
}

/**
 * The route for `template` with each `{name}` filled from `params`, checked and encoded as one
 * path segment (`pathSegment`), and `query` appended.
 */
export function route(template: string, params: Record<string, string> = {}, query?: URLSearchParams): Route {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${template}: no value for {${name}}`);
    return pathSegment(value);
  });
  return { template, path: query ? `${path}?${query}` : path };
}

/** What one attempt got to: handed to a connection (on its way to the backend) or not. */
interface AttemptProgress {
  sent: boolean;
}

/**
 * Whether a write attempt may have been applied, from how far it got: the one rule for every
 * backend. Never handed to a connection: no. Answered 4xx: no, the backend refused it (values
 * 400/422, credentials 401/403, 404, 409, its rate limit 429; Flowglad's plain-text 401 too).
 * Anything else once sent may have been: a 2xx, any 5xx (500 and 507 as much as 503: a server
 * can fail after storing), an unexpected 1xx/3xx, or no answer at all (timeout, reset, dropped
 * connection).
 */
export function mayHaveApplied(sent: boolean, status: number | null): boolean {
  if (!sent) return false;
  return status === null || status < 400 || status >= 500;
}

export class HttpClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly origin: URL;
  private readonly policy: SourcePolicy;
  private readonly settleLimitMs: number;
  private readonly metrics: BackendMetrics;
  private readonly health: SourceHealth;
  /** The same for every call of a kind, so built once. */
  private readonly readHeaders: Record<string, string>;
  private readonly writeHeaders: Record<string, string>;

  constructor(
    readonly source: string,
    baseUrl: string,
    headers: Record<string, string>,
    settings: HttpPolicy,
    budget: RateBudget,
    { health, metrics }: SourceObservers,
  ) {
    this.readHeaders = { ...headers, accept: 'application/json' };
    this.writeHeaders = { ...this.readHeaders, 'content-type': 'application/json' };
    const url = new URL(baseUrl);
    this.pool = new Pool(url.origin, {
      connections: settings.connections,
      keepAliveTimeout: 30_000,
      connectTimeout: settings.timeoutMs,
    });
    this.basePath = url.pathname.replace(/\/$/, '');
    this.origin = new URL(url.origin);
    this.health = health;
    this.metrics = metrics.backend(source);
    this.policy = new SourcePolicy(source, settings, budget, this.metrics, health);
    this.settleLimitMs = settings.settleLimitMs;
  }

  /**
   * Answers the response for any status but 429/502/503/504, which are retried (idempotent calls)
   * and then thrown; no attempt starts or runs past `deadlineAt` (the request's deadline). Writes pass `unsettled`: an attempt that times out once sent is not aborted
   * but handed over there, still open, until answered or cut at the settle limit. A failed call
   * says whether some attempt may have been applied (`BackendError.maybeApplied`). Each attempt
   * has its client span, named by `route.template`, and sends its `traceparent`.
   */
  async request(method: HttpMethod, route: Route, deadlineAt: number, body?: unknown, unsettled?: UnsettledWrites): Promise<HttpResponse> {
    const headers = body === undefined ? this.readHeaders : this.writeHeaders;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const write = unsettled !== undefined;
    let maybeApplied = false;
    const target = { source: this.source, origin: this.origin, method, template: route.template };
    let attempts = 0;
    /** The last attempt's failure, for a retry the update may no longer send. */
    let lastFailure: BackendError | null = null;
    try {
      return await this.policy.run(IDEMPOTENT.has(method), deadlineAt, async (timeoutMs, endAt) => {
        // Nothing is sent once the update may no longer write (its lock is not confirmed held).
        // After an attempt that may have been applied, the call ends with that attempt's failure,
        // so that the update resolves its outcome by reading back.
        await unsettled?.beforeAttempt().catch((refusal: unknown) => {
          throw maybeApplied && lastFailure ? lastFailure : refusal;
        });
        const progress: AttemptProgress = { sent: false };
        let res: HttpResponse;
        try {
          res = await this.observed(
            method,
            new AttemptSpan(target, ++attempts),
            this.basePath + route.path,
            headers,
            payload,
            timeoutMs,
            progress,
            unsettled ?? null,
          );
        } catch (error) {
          // Anything but the network failing (a bad header value, a closed pool) is a fault of
          // ours: no retry, and it travels on unchanged to be masked and logged with its stack.
          if (!isNetworkFailure(error)) throw error;
          maybeApplied ||= write && mayHaveApplied(progress.sent, null);
          lastFailure = this.unavailable(error, timeoutMs);
          throw new TransientError(lastFailure);
        }
        maybeApplied ||= write && mayHaveApplied(true, res.status);
        res.maybeApplied = maybeApplied;
        if (!RETRYABLE_STATUS.has(res.status)) return res;
        const error = responseError(this.source, res, { message: null });
        lastFailure = error;
        // A wait the source asks for that does not fit the deadline is not waited for.
        const waitMs = (error.retryAfterSeconds ?? 0) * 1000;
        if (error.code === 'RATE_LIMITED' && Date.now() + waitMs > endAt) throw error;
        throw new TransientError(error);
      });
    } catch (error) {
      throw maybeApplied && error instanceof BackendError ? error.with({ maybeApplied }) : error;
    }
  }

  /**
   * One attempt as `send` makes it, observed in one place: the request's id goes along as
   * X-Request-Id and the attempt's span as traceparent; its outcome ends the span, is counted
   * (metrics, the request's backend calls) and becomes the source's state.
   */
  private async observed(
    method: HttpMethod,
    span: AttemptSpan,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    progress: AttemptProgress,
    unsettled: UnsettledWrites | null,
  ): Promise<HttpResponse> {
    const startedAt = performance.now();
    let status: number | null = null;
    try {
      const res = await this.send({ method, path, headers: span.headers(withRequestId(headers)), body }, timeoutMs, progress, unsettled);
      status = res.status;
      span.answered(status);
      return res;
    } catch (error) {
      span.failed(failureType(error));
      throw error;
    } finally {
      this.metrics.attempt(method, status, startedAt);
      countBackendCall();
      this.health.record(this.source, stateOfAttempt(status));
    }
  }

  /**
   * One attempt, its answer read whole, given up after `timeoutMs` (time waiting for a pooled
   * connection included). An attempt given up before it got a connection is never sent. A sent
   * write (`unsettled` given) that times out stays open for the backend's late answer, handed to
   * `unsettled`, and is cut `settleLimitMs` after it started. undici's dispatch handler API is
   * used rather than `request()`: no body stream and no abort signal per call, which the
   * profiles showed on the hot path.
   */
  private send(options: Dispatcher.DispatchOptions, timeoutMs: number, progress: AttemptProgress, unsettled: UnsettledWrites | null): Promise<HttpResponse> {
    const keepOpenMs = Math.max(0, this.settleLimitMs - timeoutMs);
    return new Promise((resolve, reject) => {
      let controller: Dispatcher.DispatchController | null = null;
      let status = 0;
      let headers: HttpResponse['headers'] = {};
      let chunks: Buffer[] = [];
      let timedOut: AttemptTimeout | null = null;
      /** While a timed-out write is kept open: ends its wait. */
      let settle: (() => void) | null = null;
      let cutOff: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => {
        timedOut = new AttemptTimeout();
        const open = controller;
        if (unsettled && progress.sent && open) {
          // On its way: the backend may still apply it, so it is waited for, not abandoned.
          unsettled.add(new Promise<void>((done) => (settle = done)));
          cutOff = setTimeout(() => open.abort(new AttemptTimeout()), keepOpenMs);
        } else {
          controller?.abort(timedOut);
        }
        reject(timedOut);
      }, timeoutMs);
      const over = () => {
        clearTimeout(timer);
        clearTimeout(cutOff);
        settle?.();
      };
      this.pool.dispatch(options, {
        onRequestStart(started) {
          controller = started;
          // Timed out while it waited for a connection: it is not sent at all.
          if (timedOut) started.abort(timedOut);
          else progress.sent = true;
        },
        onResponseStart(_, statusCode, responseHeaders) {
          status = statusCode;
          headers = responseHeaders;
          chunks = [];
        },
        onResponseData(_, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          over();
          resolve({ status, headers, text: Buffer.concat(chunks).toString('utf8'), maybeApplied: false });
        },
        onResponseError(_, error) {
          over();
          reject(error);
        },
      });
    });
  }

  /** A transport failure, described without the URL (it may carry secrets). */
  private unavailable(error: unknown, timeoutMs: number): BackendError {
    const timedOut = error instanceof AttemptTimeout || (error instanceof Error && error.name === 'ConnectTimeoutError');
    const reason = timedOut ? `did not answer within ${timeoutMs} ms` : 'could not be reached';
    return new BackendError('UNAVAILABLE', this.source, `Source "${this.source}" ${reason}.`, { cause: error });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Encodes a checked key as one URL path segment. */
export function pathSegment(key: string): string {
  const problem = externalIdProblem(key);
  if (problem) throw new Error(`refusing to build a URL from an unsafe key: ${problem}`);
  return encodeURIComponent(key);
}

/** Parses a JSON body, or returns undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Seconds from a Retry-After header: delta-seconds (a decimal like "2.5" too, which some servers
 * send and Date.parse would read as a date in 2001) or an HTTP date.
 */
export function retryAfterSeconds(value: string | string[] | undefined): number | null {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return null;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw);
  // An HTTP date names its day and month; anything else Date.parse takes ("-1") is not one.
  if (!/[A-Za-z]{3}/.test(raw)) return null;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** A BackendError for a non-2xx response, given what the backend's body said. */
export function responseError(source: string, res: HttpResponse, detail: { message: string | null; rejected?: RejectedField[] }): BackendError {
  const code = errorCodeForStatus(res.status);
  const said = detail.message ? `: ${detail.message}` : '';
  const message =
    code === 'RATE_LIMITED'
      ? `Source "${source}" is rate limiting this service; retry later.`
      : code === 'UNAUTHENTICATED'
        ? `Source "${source}" refused the configured credentials.`
        : code === 'UNAVAILABLE'
          ? `Source "${source}" failed (HTTP ${res.status}).`
          : `Source "${source}" answered HTTP ${res.status}${said}`;
  return new BackendError(code, source, message, {
    status: res.status,
    retryAfterSeconds: retryAfterSeconds(res.headers['retry-after']),
    rejected: detail.rejected ?? [],
    maybeApplied: res.maybeApplied,
  });
}

/** Parses a 2xx body with its wire schema; a body that does not fit is the backend's failure. */
export function parseBody<T>(source: string, res: HttpResponse, schema: ZodType<T>): T {
  const parsed = schema.safeParse(parseJson(res.text));
  if (!parsed.success) {
    throw new BackendError('FAILED', source, `Source "${source}" sent a response this service does not understand.`, {
      status: res.status,
      maybeApplied: res.maybeApplied,
    });
  }
  return parsed.data;
}
