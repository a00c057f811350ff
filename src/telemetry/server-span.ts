// The server span of each HTTP request, continuing the caller's trace (W3C traceparent).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';

const tracer = trace.getTracer('customer-graph');

/** Probes: a span for each would bury the requests that matter. */
const UNTRACED: ReadonlySet<string> = new Set(['/health', '/ready']);

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Runs `route` inside a server span named `<METHOD> <path>`, ended when the response is done (or
 * the connection is cut). The query string is left out: a GET's GraphQL variables are in it.
 */
export function withServerSpan(route: Route): Route {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (UNTRACED.has(path)) return route(req, res);
    const method = req.method ?? 'GET';
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    // Only /graphql has a route; any other path is named by the method alone (unbounded paths make poor span names).
    const named = path === '/graphql' ? `${method} /graphql` : method;
    const span = tracer.startSpan(named, { kind: SpanKind.SERVER }, parent);
    // A span that is not recorded (tracing off, or not sampled) needs no attributes and no ending.
    if (span.isRecording()) {
      span.setAttributes({ [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_PATH]: path });
      if (path === '/graphql') span.setAttribute(ATTR_HTTP_ROUTE, path);
      res.once('close', () => {
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        else if (!res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'connection closed before the response was sent' });
        span.end();
      });
    }
    return context.with(trace.setSpan(parent, span), route, undefined, req, res);
  };
}
