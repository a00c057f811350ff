// The client span of one attempt of a backend call, and the W3C traceparent that carries it to the
// backend. Its attributes name the call by its route template: never a key, a customer id or
// customer data (those live in the path, the query and the body, none of which are recorded).
import { SpanKind, SpanStatusCode, context, isSpanContextValid, propagation, trace, type Span } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import { ATTR_URL_TEMPLATE } from '../telemetry/incubating-attributes.js';

const tracer = trace.getTracer('customer-graph');

export interface AttemptTarget {
  source: string;
  /** The backend's origin (host and port are recorded; the base URL's path is not). */
  origin: URL;
  method: string;
  /** The path with its parameters named, such as `/api/v1/customers/{id}`. */
  template: string;
}

export class AttemptSpan {
  private readonly span: Span;

  /** `attempt` counts from 1. */
  constructor(target: AttemptTarget, attempt: number) {
    this.span = tracer.startSpan(`${target.method} ${target.template}`, { kind: SpanKind.CLIENT });
    // Built only for a span that is recorded: with tracing off this is the whole cost.
    if (!this.span.isRecording()) return;
    this.span.setAttributes({
      'customer_graph.source': target.source,
      'customer_graph.attempt': attempt,
      [ATTR_HTTP_REQUEST_METHOD]: target.method,
      [ATTR_URL_TEMPLATE]: target.template,
      [ATTR_SERVER_ADDRESS]: target.origin.hostname,
      [ATTR_SERVER_PORT]: Number(target.origin.port || (target.origin.protocol === 'https:' ? 443 : 80)),
      ...(attempt > 1 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: attempt - 1 } : {}),
    });
  }

  /**
   * `headers` plus this attempt's `traceparent` (and `tracestate`). The same object when there is
   * no trace (tracing off): nothing is copied then. A trace not sampled is still passed on, so the
   * backend sees the caller's decision.
   */
  headers(headers: Record<string, string>): Record<string, string> {
    if (!isSpanContextValid(this.span.spanContext())) return headers;
    const carrier = { ...headers };
    propagation.inject(trace.setSpan(context.active(), this.span), carrier);
    return carrier;
  }

  /** Ends the span with the status answered; 4xx and 5xx are errors of a client span. */
  answered(status: number): void {
    this.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (status >= 400) this.fail(String(status));
    this.span.end();
  }

  /** Ends the span of an attempt that got no answer; `type` names the failure (a code, never a message: those may quote a URL). */
  failed(type: string): void {
    this.fail(type);
    this.span.end();
  }

  private fail(type: string): void {
    this.span.setAttribute(ATTR_ERROR_TYPE, type);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }
}
