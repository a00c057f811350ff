// Prometheus metrics (prom-client), each `Metrics` on a registry of its own, not prom-client's
// global one: specs and anything else in the process that registers metrics cannot collide with
// these, and no spec sees another's counts. Label values are bounded: source names
// (configuration), methods, statuses, codes, and operation names only through `OperationLabels`.
// Never an id, a key or free text.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CustomerLocks } from '../customers/coordination.js';
import { CoordinationError } from '../customers/coordination.js';

/** Seconds: backend calls and lock waits are mostly milliseconds, with a long tail up to the deadlines. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The service's metrics, registered on `registry`. */
function instruments(registry: Registry) {
  const registers = [registry];
  return {
    operations: new Counter({
      name: 'customer_graph_graphql_operations_total',
      help: 'GraphQL operations by name, type and outcome (ok, refused: the caller was refused, failed: a backend or this service failed).',
      labelNames: ['operation', 'type', 'outcome'] as const,
      registers,
    }),
    operationDuration: new Histogram({
      name: 'customer_graph_graphql_operation_duration_seconds',
      help: 'Time from the GraphQL parameters to the result, by operation name and type.',
      labelNames: ['operation', 'type'] as const,
      buckets: BUCKETS,
      registers,
    }),
    backendRequests: new Counter({
      name: 'customer_graph_backend_requests_total',
      help: 'Backend attempts (each retry counts) by source, method and HTTP status ("network": no answer).',
      labelNames: ['source', 'method', 'status'] as const,
      registers,
    }),
    backendDuration: new Histogram({
      name: 'customer_graph_backend_request_duration_seconds',
      help: 'Duration of one backend attempt, by source and method.',
      labelNames: ['source', 'method'] as const,
      buckets: BUCKETS,
      registers,
    }),
    retries: new Counter({
      name: 'customer_graph_backend_retries_total',
      help: 'Backend attempts that were retries of a failed one, by source.',
      labelNames: ['source'] as const,
      registers,
    }),
    circuit: new Gauge({
      name: 'customer_graph_backend_circuit_state',
      help: "A source's circuit breaker: 0 closed, 1 half-open (one probe let through), 2 open (calls fail fast).",
      labelNames: ['source'] as const,
      registers,
    }),
    budgetWaits: new Counter({
      name: 'customer_graph_budget_waits_total',
      help: "Backend attempts that waited for a turn of the source's request budget.",
      labelNames: ['source'] as const,
      registers,
    }),
    budgetWaitSeconds: new Counter({
      name: 'customer_graph_budget_wait_seconds_total',
      help: "Seconds backend attempts spent waiting for turns of the source's request budget.",
      labelNames: ['source'] as const,
      registers,
    }),
    lockWait: new Histogram({
      name: 'customer_graph_lock_wait_seconds',
      help: "Time an update waited for its customer's lock, by outcome (acquired, busy: the wait ran out, unavailable: Redis down).",
      labelNames: ['outcome'] as const,
      buckets: BUCKETS,
      registers,
    }),
    subscriptions: new Gauge({
      name: 'customer_graph_subscriptions_open',
      help: 'Subscriptions (customerChanged) open on this replica; at MAX_SUBSCRIPTIONS new ones are refused.',
      registers,
    }),
    userErrors: new Counter({
      name: 'customer_graph_user_errors_total',
      help: 'userErrors answered in mutation payloads, by code.',
      labelNames: ['code'] as const,
      registers,
    }),
  };
}

type Instruments = ReturnType<typeof instruments>;

export type CircuitPosition = 'closed' | 'half-open' | 'open';
const CIRCUIT_VALUES: Record<CircuitPosition, number> = { closed: 0, 'half-open': 1, open: 2 };
const METHODS = ['GET', 'PUT', 'POST'] as const;
type Method = (typeof METHODS)[number];

/**
 * What one source's HTTP client reports per attempt. Children are looked up once per method and
 * status and kept, so an attempt costs no label object, string or hash on the hot path.
 */
export class BackendMetrics {
  private readonly duration: Record<Method, Histogram.Internal<'source' | 'method'>>;
  /** Per method, the request counter's child by status (0 = network). */
  private readonly requests: Record<Method, Map<number, Counter.Internal>>;
  private readonly retries: Counter.Internal;
  private readonly circuitState: Gauge.Internal<'source'>;

  constructor(
    private readonly source: string,
    private readonly instruments: Pick<Instruments, 'backendRequests' | 'backendDuration' | 'retries' | 'circuit'>,
  ) {
    const { backendDuration } = instruments;
    this.duration = { GET: backendDuration.labels(source, 'GET'), PUT: backendDuration.labels(source, 'PUT'), POST: backendDuration.labels(source, 'POST') };
    this.requests = { GET: new Map(), PUT: new Map(), POST: new Map() };
    this.retries = instruments.retries.labels(source);
    this.circuitState = instruments.circuit.labels(source);
    this.circuitState.set(0);
  }

  /** One attempt ended: `status` null when it got no answer. */
  attempt(method: Method, status: number | null, startedAt: number): void {
    const key = status ?? 0;
    const children = this.requests[method];
    let counter = children.get(key);
    if (!counter) {
      counter = this.instruments.backendRequests.labels(this.source, method, status === null ? 'network' : String(status));
      children.set(key, counter);
    }
    counter.inc();
    this.duration[method].observe((performance.now() - startedAt) / 1000);
  }

  retry(): void {
    this.retries.inc();
  }

  circuit(position: CircuitPosition): void {
    this.circuitState.set(CIRCUIT_VALUES[position]);
  }
}

export type OperationOutcome = 'ok' | 'refused' | 'failed';

/**
 * The service's metrics and the registry /metrics serves: one per process, built by main.ts and
 * handed to what counts (the backends' HTTP clients, coordination, the Yoga plugins) and to the
 * routes that serve them.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly instruments = instruments(this.registry);
  /** Label children of the operation metrics by `operation type outcome` (bounded: see `OperationLabels`). */
  private readonly operationChildren = new Map<string, { count: Counter.Internal; duration: Histogram.Internal<'operation' | 'type'> }>();

  /** The process's own metrics (CPU, memory, event loop lag, GC…), prefixed like ours; started once, by main.ts. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'customer_graph_' });
  }

  /** What `source`'s HTTP client reports (its circuit starts closed). */
  backend(source: string): BackendMetrics {
    return new BackendMetrics(source, this.instruments);
  }

  /** The number of subscriptions open now. */
  subscriptionsOpen(open: number): void {
    this.instruments.subscriptions.set(open);
  }

  /** A rate budget's wait before one attempt (only attempts that did wait are reported). */
  budgetWaited(source: string, waitedMs: number): void {
    this.instruments.budgetWaits.labels(source).inc();
    this.instruments.budgetWaitSeconds.labels(source).inc(waitedMs / 1000);
  }

  /** Locks whose every acquire reports how long it waited and how it ended. */
  timedLocks(locks: CustomerLocks): CustomerLocks {
    const { lockWait } = this.instruments;
    return {
      acquire: async (key, deadlineAt) => {
        const startedAt = performance.now();
        const waited = () => (performance.now() - startedAt) / 1000;
        try {
          const held = await locks.acquire(key, deadlineAt);
          lockWait.labels('acquired').observe(waited());
          return held;
        } catch (error) {
          const outcome = error instanceof CoordinationError && error.code === 'CUSTOMER_BUSY' ? 'busy' : 'unavailable';
          lockWait.labels(outcome).observe(waited());
          throw error;
        }
      },
    };
  }

  /** The userErrors of one mutation payload, counted by code. */
  userErrors(errors: readonly { code: string }[]): void {
    for (const { code } of errors) this.instruments.userErrors.labels(code).inc();
  }

  /** One GraphQL operation done; `operation` must come from `OperationLabels` (no spaces, bounded). */
  operationDone(operation: string, type: string, outcome: OperationOutcome, seconds: number): void {
    const key = `${operation} ${type} ${outcome}`;
    let children = this.operationChildren.get(key);
    if (!children) {
      children = { count: this.instruments.operations.labels(operation, type, outcome), duration: this.instruments.operationDuration.labels(operation, type) };
      this.operationChildren.set(key, children);
    }
    children.count.inc();
    children.duration.observe(seconds);
  }
}
