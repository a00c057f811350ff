// Spans for the steps of the domain's work. The domain calls the OpenTelemetry API only (no SDK,
// no adapter): it does nothing until main.ts registers an SDK, and then the steps appear in the
// request's trace with the backend calls under them.
import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { BackendError } from './backend.js';

const tracer = trace.getTracer('customer-graph');

/** Runs `work` inside a span, the current one while it runs; a failure marks it with its code (never its message, which may quote customer data). */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks `span` failed, by the error's code. */
function failed(span: Span, error: unknown): void {
  const type = error instanceof BackendError ? error.code : error instanceof Error ? error.name : 'unknown';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}
