// GraphQL operations as Prometheus metrics: how many, of which name and type, how they ended,
// and how long they took (src/telemetry/metrics.ts).
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { operationDone, type OperationOutcome } from '../telemetry/metrics.js';
import { isFailure } from '../failures.js';
import { OperationLabels, operationOf, type OperationInfo } from '../telemetry/operation.js';

export interface OperationMetricsOptions {
  /**
   * Distinct operation names that get a series of their own; later new names count as `other`,
   * so that callers choosing names cannot grow the metrics without end.
   * @default 100
   */
  maxOperationNames?: number;
}

/** ok: no errors; failed: some error is a backend's fault or ours (src/failures.ts); refused: only the caller's mistakes. */
export function outcomeOf(result: ExecutionResult): OperationOutcome {
  const errors = result.errors ?? [];
  if (errors.length === 0) return 'ok';
  return errors.some(isFailure) ? 'failed' : 'refused';
}

interface Running {
  startedAt: number;
  operation: OperationInfo | null;
}

/**
 * Counts every GraphQL operation Yoga processes (refused documents included, not requests
 * refused before, such as useAuth's 401s) in `customer_graph_graphql_operations_total{operation,
 * type, outcome}` and `customer_graph_graphql_operation_duration_seconds{operation, type}`.
 * `operation` is the operation's name when it is a plain GraphQL name of at most 64 characters
 * and among the first `maxOperationNames` seen, else `other`; `anonymous` when it has none.
 * `type` is query, mutation, subscription, or `unknown` for a document that did not parse.
 */
export function useOperationMetrics({ maxOperationNames = 100 }: OperationMetricsOptions = {}): Plugin {
  const labels = new OperationLabels(maxOperationNames);
  const running = new WeakMap<object, Running>();
  return {
    onParams({ context }) {
      running.set(context, { startedAt: performance.now(), operation: null });
    },
    onValidate({ params, context }) {
      const found = running.get(context);
      if (found) found.operation = operationOf(params.documentAST, context.params.operationName);
    },
    onExecutionResult({ result, context }) {
      const found = running.get(context);
      if (!found || !result || isAsyncIterable(result)) return;
      const { operation } = found;
      operationDone(labels.label(operation?.name ?? null), operation?.type ?? 'unknown', outcomeOf(result), (performance.now() - found.startedAt) / 1000);
    },
  };
}
