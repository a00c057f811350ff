// The shared HTTP policy: one keep-alive pool per source, a timeout per attempt.
import { Pool } from 'undici';
import type { ZodType } from 'zod';
import { BackendError, type BackendErrorCode, type RejectedField } from './backend.js';

export interface HttpPolicy {
  /** Longest wait for one attempt (connect, headers and body). */
  timeoutMs: number;
  /** Connections kept open to the source. */
  connections: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export class HttpClient {
  private readonly pool: Pool;

  constructor(
    readonly source: string,
    baseUrl: string,
    private readonly headers: Record<string, string>,
    private readonly policy: HttpPolicy,
  ) {
    const url = new URL(baseUrl);
    this.pool = new Pool(url.origin, {
      connections: policy.connections,
      keepAliveTimeout: 30_000,
      headersTimeout: policy.timeoutMs,
      bodyTimeout: policy.timeoutMs,
      connectTimeout: policy.timeoutMs,
    });
    this.basePath = url.pathname.replace(/\/$/, '');
  }

  private readonly basePath: string;

  async request(method: HttpMethod, path: string, body?: unknown): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...this.headers, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await this.pool.request({
        method,
        path: this.basePath + path,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.policy.timeoutMs),
      });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers, text };
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** A transport failure, described without the URL (it may carry secrets). */
  private unavailable(error: unknown): BackendError {
    const reason =
      error instanceof Error && (error.name === 'TimeoutError' || error.name.includes('Timeout'))
        ? 'did not answer in time'
        : 'could not be reached';
    return new BackendError('UNAVAILABLE', this.source, `Source "${this.source}" ${reason}.`);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Parses a JSON body, or returns undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date). */
export function retryAfterSeconds(value: string | string[] | undefined): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** The error code a non-2xx status stands for, whatever the backend. */
export function errorCodeForStatus(status: number): BackendErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 400 || status === 422) return 'REJECTED';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'UNAVAILABLE';
  return 'FAILED';
}

/** A BackendError for a non-2xx response, given what the backend's body said. */
export function responseError(
  source: string,
  res: HttpResponse,
  detail: { message: string | null; rejected?: RejectedField[] },
): BackendError {
  const code = errorCodeForStatus(res.status);
  const said = detail.message ? `: ${detail.message}` : '';
  const message =
    code === 'UNAUTHENTICATED'
      ? `Source "${source}" refused the configured credentials.`
      : code === 'UNAVAILABLE'
        ? `Source "${source}" failed (HTTP ${res.status}).`
        : `Source "${source}" answered HTTP ${res.status}${said}`;
  return new BackendError(code, source, message, {
    status: res.status,
    retryAfterSeconds: retryAfterSeconds(res.headers['retry-after']),
    rejected: detail.rejected ?? [],
  });
}

/** Parses a 2xx body with its wire schema; a body that does not fit is the backend's failure. */
export function parseBody<T>(source: string, res: HttpResponse, schema: ZodType<T>): T {
  const parsed = schema.safeParse(parseJson(res.text));
  if (!parsed.success) {
    throw new BackendError('FAILED', source, `Source "${source}" sent a response this service does not understand.`, {
      status: res.status,
    });
  }
  return parsed.data;
}
