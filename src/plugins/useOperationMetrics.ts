// GraphQL operations as Prometheus metrics: how many, of which name and type, how they ended,
// how long they took, and the userErrors their mutations answered (src/telemetry/metrics.ts).
import { type ExecutionResult, type GraphQLFieldConfig, GraphQLObjectType, GraphQLSchema, getNamedType, isObjectType } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Metrics, OperationOutcome } from '../telemetry/metrics.js';
import { isFailure } from '../failures.js';
import { OperationLabels, operationOf, type OperationInfo } from '../telemetry/operation.js';

export interface OperationMetricsOptions {
  /** Where the operations and userErrors are counted. Required: no default. */
  metrics: Metrics;
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

/** Whether a resolved mutation payload holds userErrors with codes. */
function hasUserErrors(payload: unknown): payload is { userErrors: { code: string }[] } {
  return typeof payload === 'object' && payload !== null && 'userErrors' in payload && Array.isArray(payload.userErrors);
}

/**
 * `schema` with every mutation whose payload type has a `userErrors` field counting the userErrors
 * its resolver answers, by code: from the payload itself, so the count does not depend on what the
 * operation selects of it (a caller may ask for no `code`, or alias it). A copy: the schema given
 * is shared, and another Yoga over it counts on metrics of its own.
 */
function countingUserErrors(schema: GraphQLSchema, metrics: Metrics): GraphQLSchema {
  const mutation = schema.getMutationType();
  if (!mutation) return schema;
  const { fields, ...config } = mutation.toConfig();
  const counted = (field: GraphQLFieldConfig<unknown, unknown>): GraphQLFieldConfig<unknown, unknown> => {
    const payload = getNamedType(field.type);
    const { resolve } = field;
    if (!resolve || !isObjectType(payload) || !payload.getFields().userErrors) return field;
    return {
      ...field,
      resolve: async (...args) => {
        const answer: unknown = await resolve(...args);
        if (hasUserErrors(answer)) metrics.userErrors(answer.userErrors);
        return answer;
      },
    };
  };
  const counting = new GraphQLObjectType({ ...config, fields: Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, counted(field)])) });
  const { types, ...rest } = schema.toConfig();
  return new GraphQLSchema({ ...rest, mutation: counting, types: types.map((type) => (type === mutation ? counting : type)) });
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
 * Each userError a mutation's payload answers is counted in `customer_graph_user_errors_total{code}`.
 */
export function useOperationMetrics({ metrics, maxOperationNames = 100 }: OperationMetricsOptions): Plugin {
  const labels = new OperationLabels(maxOperationNames);
  const running = new WeakMap<object, Running>();
  return {
    onSchemaChange({ schema, replaceSchema }) {
      replaceSchema(countingUserErrors(schema, metrics));
    },
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
      metrics.operationDone(
        labels.label(operation?.name ?? null),
        operation?.type ?? 'unknown',
        outcomeOf(result),
        (performance.now() - found.startedAt) / 1000,
      );
    },
  };
}
