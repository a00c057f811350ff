// A span for each GraphQL operation, under the request's server span, named by the operation's
// type and name (OpenTelemetry's GraphQL conventions); the resolvers, and the backend calls they
// make, run inside it. Without an OpenTelemetry SDK registered the API's tracer does nothing.
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_GRAPHQL_OPERATION_NAME, ATTR_GRAPHQL_OPERATION_TYPE } from '../telemetry/incubating-attributes.js';
import { getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

export interface OperationSpanOptions {
  /**
   * The tracer's name (the instrumentation scope in the exported spans).
   * @default 'customer-graph'
   */
  tracerName?: string;
}

/** Until the document is parsed the span is named generically, and stays so for one that fails to parse. */
const UNPARSED = 'GraphQL Operation';

export function useOperationSpan({ tracerName = 'customer-graph' }: OperationSpanOptions = {}): Plugin {
  const tracer = trace.getTracer(tracerName);
  return {
    instrumentation: {
      operation: (_, wrapped) =>
        tracer.startActiveSpan(UNPARSED, async (span) => {
          try {
            await wrapped();
          } finally {
            span.end();
          }
        }),
    },
    onExecute({ args }) {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const type = operation.operation;
      const name = operation.name?.value;
      span.updateName(name ? `${type} ${name}` : type);
      span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, type);
      if (name) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, name);
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result) || !result.errors?.length) return;
          // Codes only: a message may quote the caller's input.
          const codes = [...new Set(result.errors.map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
          span.setAttribute('graphql.error.codes', codes);
          span.setStatus({ code: SpanStatusCode.ERROR });
        },
      };
    },
  };
}
