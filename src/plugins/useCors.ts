// Cross-origin access for an allowlist of exact origins, in place of Yoga's own CORS (which
// answers any Origin with itself and allows credentials).
import type { Plugin } from 'graphql-yoga';
import { jsonError } from '../errors.js';

/** How long a browser may reuse a granted preflight, in seconds. */
const PREFLIGHT_MAX_AGE = '600';

export interface CorsOptions {
  /**
   * Exact origins such as `https://app.example.com`; no patterns, so that a lookalike domain
   * never matches. The empty list grants nobody.
   * @default []
   */
  origins?: readonly string[];
}

/**
 * Grants cross-origin access to `origins` only.
 *
 * A preflight from one of them is answered 204 (methods GET and POST, the headers it asks
 * for, cached for ten minutes); any other preflight gets 403. Answers to a listed origin carry
 * `Access-Control-Allow-Origin` with that origin, never `*`, and never allow credentials:
 * callers authenticate with the Authorization header, not cookies. With origins listed, every
 * answer says `Vary: Origin`. Same-origin requests (GraphiQL) need no CORS headers and get the
 * same answers as before.
 */
export function useCors({ origins = [] }: CorsOptions = {}): Plugin {
  const allowed = new Set(origins);
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const origin = request.headers.get('origin');
      if (request.method !== 'OPTIONS' || !origin || !request.headers.has('access-control-request-method')) return;
      if (!allowed.has(origin)) {
        endResponse(
          new fetchAPI.Response(jsonError(`Cross-origin requests from ${origin} are not allowed.`, 'FORBIDDEN'), {
            status: 403,
            headers: { 'content-type': 'application/json' },
          }),
        );
        return;
      }
      const requestedHeaders = request.headers.get('access-control-request-headers');
      endResponse(
        new fetchAPI.Response(null, {
          status: 204,
          headers: {
            'access-control-allow-methods': 'GET, POST',
            ...(requestedHeaders ? { 'access-control-allow-headers': requestedHeaders } : {}),
            'access-control-max-age': PREFLIGHT_MAX_AGE,
            vary: 'Access-Control-Request-Headers',
            // Some browsers wait for a body on a 204 without it.
            'content-length': '0',
          },
        }),
      );
    },
    onResponse({ request, response }) {
      if (allowed.size === 0) return;
      response.headers.append('vary', 'Origin');
      const origin = request.headers.get('origin');
      if (origin && allowed.has(origin)) response.headers.set('access-control-allow-origin', origin);
    },
  };
}
