// Reading and updating customers across sources; the one place resolvers call into.
import DataLoader from 'dataloader';
import { BackendError, type Backend } from './backend.js';
import { CustomerChanges } from './changes.js';
import { NO_SHARES, UNLOCKED, type CallerShares, type Coordination, type CoordinationHealth, type IdempotencyStore } from './coordination.js';
import { InvalidReferenceError, RequestLimitError } from './errors.js';
import { answerOnce, fingerprint, type UpdateAnswer } from './idempotency.js';
import { readCustomerId, readExternalId, readLocalId, readOrRefuse, readSource, type CustomerKey } from './global-id.js';
import { decodePageCursor, encodePageCursor, filterKey } from './page-cursor.js';
import { CUSTOMER_FILTERS, type Customer, type CustomerFilter } from './model.js';
import { runLimited } from './run-limited.js';
import { checkPatch, type CustomerPatch } from './plan.js';
import { WriteSettlement } from './settlement.js';
import { inSpan } from './tracing.js';
import { applyUpdate, type UpdateOptions, type UpdateResult } from './update.js';
import { LIMITS, cleanText } from './validation.js';

export interface ServiceOptions {
  /** Backend reads one GraphQL request may have in flight at once. */
  maxConcurrentReadsPerRequest: number;
  /** Distinct customers one GraphQL request may read from the backends; the rest are refused unread. */
  maxReadsPerRequest: number;
  /** Each identified caller's share of the sources' budgets (CALLER_SHARE); default none. */
  shares?: CallerShares;
  /** Subscriptions this replica keeps open at once (MAX_SUBSCRIPTIONS); default no limit. */
  maxSubscriptions?: number;
  /** Told the number of open subscriptions whenever it changes (the metric). */
  onSubscriptions?: (open: number) => void;
  /** Where the answers of updates with an idempotency key are kept (`Coordination.keys`). */
  keys: IdempotencyStore;
}

/**
 * Customers whose last updatedAt is kept for live updates (a few MB at most); one forgotten is
 * a baseline again when next read.
 */
const REMEMBERED_CUSTOMERS = 10_000;

export interface CustomerConnection {
  edges: { customer: Customer; cursor: string }[];
  hasNextPage: boolean;
  totalCount: number | null;
}

export type CustomerLoader = DataLoader<CustomerKey, Customer | null, string>;

export interface ServiceUpdateOptions extends UpdateOptions {
  /** The caller's idempotency key for this update (see src/customers/idempotency.ts); none when null or left out. */
  idempotencyKey?: string | null;
}

export class CustomerService {
  private readonly backends: Map<string, Backend>;
  /** Locks still held after their update answered, until its write attempts settle. */
  private readonly releasing = new Set<Promise<void>>();
  private readonly shares: CallerShares;
  private readonly changes: CustomerChanges;

  constructor(
    backends: Backend[],
    private readonly coordination: Coordination,
    private readonly options: ServiceOptions,
  ) {
    this.backends = new Map(backends.map((backend) => [backend.source, backend]));
    this.shares = options.shares ?? NO_SHARES;
    this.changes = new CustomerChanges(coordination.changes, {
      maxSubscriptions: options.maxSubscriptions ?? Number.POSITIVE_INFINITY,
      remembered: REMEMBERED_CUSTOMERS,
      onOpen: options.onSubscriptions,
    });
  }

  get sourceNames(): string[] {
    return [...this.backends.keys()];
  }

  backend(source: string, argument = 'source'): Backend {
    const backend = this.backends.get(source);
    if (!backend) {
      throw new InvalidReferenceError(`Unknown source "${source}"; configured sources: ${this.sourceNames.join(', ')}.`, argument);
    }
    return backend;
  }

  /** A global ID as a checked reference (read as access rules read it; source configured). */
  resolveId(id: unknown, argument = 'id'): CustomerKey {
    return this.configured(readOrRefuse(readCustomerId(id, argument)), argument);
  }

  /** The local id inside a global ID ("<source>:<key>"), the same way. */
  resolveLocalId(localId: string, argument = 'id'): CustomerKey {
    return this.configured(readOrRefuse(readLocalId(localId, argument)), argument);
  }

  /** A (source, externalId) pair given directly by a caller, the same way. */
  resolveExternalId(source: unknown, externalId: unknown): CustomerKey {
    return this.configured(readOrRefuse(readExternalId(source, externalId)), 'source');
  }

  private configured(key: CustomerKey, argument: string): CustomerKey {
    this.backend(key.source, argument);
    return key;
  }

  /**
   * A per-request loader: duplicate references cost one backend call, with a cap on calls in
   * flight and one on distinct customers read (aliases and `_entities` would otherwise fan out),
   * every call by the request's deadline (epoch ms). Each read takes a turn of `caller`'s share
   * (see `takeShare`).
   */
  createLoader(deadlineAt: number, caller: string | null): CustomerLoader {
    const { maxConcurrentReadsPerRequest, maxReadsPerRequest: max } = this.options;
    let reads = 0;
    // Made only when a request goes over: an Error captures a stack trace, too dear for every request.
    const overLimit = () =>
      new RequestLimitError(
        `This request reads more than ${max} customers (MAX_BACKEND_READS_PER_REQUEST): the customers past the limit were not read; ask for them in another request.`,
        'MAX_BACKEND_READS_PER_REQUEST',
        max,
      );
    return new DataLoader<CustomerKey, Customer | null, string>(
      async (refs) => {
        const allowed = refs.slice(0, Math.max(0, max - reads));
        reads += allowed.length;
        const read = await runLimited(allowed, maxConcurrentReadsPerRequest, (ref) =>
          this.takeShare(ref.source, caller)
            .then(() => this.backend(ref.source).get(ref.externalId, deadlineAt))
            .then((customer) => this.seen(customer))
            .catch((error: unknown) => toError(error)),
        );
        return [...read, ...refs.slice(allowed.length).map(overLimit)];
      },
      { cacheKeyFn: refKey },
    );
  }

  /**
   * A page of a source's customers, after a cursor from an earlier page, filtered by the backend
   * (a condition it cannot apply is refused, never ignored). A cursor is valid only with the filter
   * its page was listed with. The backend call ends by `deadlineAt` (epoch ms), the request's
   * deadline, and takes a turn of `caller`'s share.
   */
  async list(
    source: string,
    first: number,
    after: string | null,
    filter: CustomerFilter,
    deadlineAt: number,
    caller: string | null,
  ): Promise<CustomerConnection> {
    const backend = this.backend(readOrRefuse(readSource(source)).source);
    const unsupported = CUSTOMER_FILTERS.filter((field) => filter[field] != null && !backend.capabilities.filters.includes(field));
    if (unsupported.length > 0) {
      const can = backend.capabilities.filters.length > 0 ? `it can filter by ${backend.capabilities.filters.join(', ')}` : 'it cannot filter at all';
      throw new InvalidReferenceError(
        `Source "${backend.source}" cannot filter customers by ${unsupported.join(', ')} (${can}); leave ${unsupported.map((field) => `filter.${field}`).join(', ')} out.`,
        `filter.${unsupported[0]}`,
      );
    }
    const filtered = filterKey({ ...filter });
    const from = after === null ? { page: null, skip: 0, filter: filtered } : decodePageCursor(cleanArgument(after, LIMITS.cursor, 'after'));
    if (!from) throw new InvalidReferenceError('after is not a cursor from this API.', 'after');
    if (from.filter !== filtered) {
      throw new InvalidReferenceError('after is a cursor of a list with another filter: give the same filter as that page, or start without after.', 'after');
    }
    await this.takeShare(backend.source, caller);
    const page = await backend.list({ first: from.skip + first, after: from.page, filter }, deadlineAt).catch((error: unknown) => {
      // The backend's own cursor inside ours is the one value it can refuse (one it no longer knows).
      if (error instanceof BackendError && error.code === 'REJECTED' && from.page !== null) {
        throw new InvalidReferenceError(`after is a cursor ${backend.source} no longer accepts (${error.message}); start again without after.`, 'after');
      }
      throw error;
    });
    for (const customer of page.customers) this.changes.seen(customer);
    const edges = page.customers.slice(from.skip, from.skip + first).map((customer, index) => ({
      customer,
      cursor: encodePageCursor({ page: from.page, skip: from.skip + index + 1, filter: filtered }),
    }));
    const morePage = page.customers.length > from.skip + first;
    const hasNextPage = morePage || page.nextCursor !== null;
    // The last edge's cursor points at the next backend page when this page is used up.
    if (!morePage && page.nextCursor !== null && edges.length > 0) {
      edges[edges.length - 1]!.cursor = encodePageCursor({ page: page.nextCursor, skip: 0, filter: filtered });
    }
    return { edges, hasNextPage, totalCount: page.totalCount };
  }

  /**
   * Checks, then updates one customer under its lock: updates of one customer run one after
   * another (across replicas when coordination is shared). The answer does not wait for write
   * attempts still in flight (a timed-out attempt that was retried), but the lock does: it is
   * released only once they have settled, so none can land after the next update. The wait for
   * the lock and every backend call end by `options.deadlineAt`. The update takes one turn of
   * `caller`'s share, before anything else: its later calls (write, retries, read-back) take none.
   * With an idempotency key (not on a dry run, which writes nothing) it is answered once per
   * (caller, key): see `answerOnce`.
   */
  update(ref: CustomerKey, patch: CustomerPatch, options: ServiceUpdateOptions, caller: string | null): Promise<UpdateAnswer> {
    const attributes = { 'customer_graph.source': ref.source, 'customer_graph.update.dry_run': options.dryRun };
    return inSpan('customer.update', attributes, async (span) => {
      const result = await this.answer(ref, patch, options, caller);
      span.setAttribute('customer_graph.update.replayed', result.replayed);
      span.setAttribute('customer_graph.update.changes', result.changes.length);
      // Codes only: their messages quote values.
      span.setAttribute('customer_graph.update.user_error_codes', [...new Set(result.userErrors.map((error) => error.code))]);
      return result;
    });
  }

  private async answer(ref: CustomerKey, patch: CustomerPatch, options: ServiceUpdateOptions, caller: string | null): Promise<UpdateAnswer> {
    const backend = this.backend(ref.source);
    // Input errors come first, key or not: the same input always has them, so there is nothing to keep.
    const userErrors = checkPatch(patch, backend.capabilities, backend.source);
    if (userErrors.length > 0) return { customer: null, changes: [], userErrors, replayed: false };
    const key = options.dryRun ? null : (options.idempotencyKey ?? null);
    if (key === null) return { ...(await this.updateLocked(backend, ref, patch, options, caller)), replayed: false };
    const keyed = { store: this.options.keys, caller, key, fingerprint: fingerprint(ref, patch, options.expectedUpdatedAt), deadlineAt: options.deadlineAt };
    return answerOnce(keyed, (afterUnknown) => this.updateLocked(backend, ref, patch, { ...options, afterUnknown }, caller));
  }

  private async updateLocked(backend: Backend, ref: CustomerKey, patch: CustomerPatch, options: UpdateOptions, caller: string | null): Promise<UpdateResult> {
    // Refused here, nothing is sent: once begun, an update is not cut off by its caller's share.
    await this.takeShare(ref.source, caller).catch((error: unknown) => {
      throw error instanceof BackendError ? error.with({ outcome: 'NOT_WRITTEN' }, `${error.message} Nothing was written.`) : error;
    });
    // A dry run writes nothing: it needs no lock (and works while Redis is down).
    const { deadlineAt } = options;
    if (options.dryRun) {
      return applyUpdate(backend, ref.externalId, patch, options, { settlement: new WriteSettlement(UNLOCKED), deadlineAt, changes: this.changes });
    }
    const lock = await inSpan('customer.update.lock', {}, () => this.coordination.locks.acquire(lockName(ref), deadlineAt));
    const settlement = new WriteSettlement(lock);
    try {
      return await applyUpdate(backend, ref.externalId, patch, options, { settlement, deadlineAt, changes: this.changes });
    } finally {
      const released: Promise<void> = settlement
        .settled()
        .then(() => lock.release())
        .finally(() => this.releasing.delete(released));
      this.releasing.add(released);
    }
  }

  /**
   * Takes a turn of `caller`'s share of `source`'s budget, or refuses at once (RATE_LIMITED): one
   * caller's burst then leaves the rest of the budget to the others instead of making them wait.
   * An open caller (no authentication configured) is not shared out.
   */
  private async takeShare(source: string, caller: string | null): Promise<void> {
    if (caller === null) return;
    const waitMs = await this.shares.take(source, caller);
    if (waitMs === null) return;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new BackendError(
      'RATE_LIMITED',
      source,
      `This caller has used its share (CALLER_SHARE) of this service's request budget for source "${source}"; retry in ${seconds} s.`,
      { retryAfterSeconds: seconds },
    );
  }

  /**
   * The customer's changes from now on, each the customer as stored (see CustomerChanges); refused
   * with SubscriptionRefusedError past MAX_SUBSCRIPTIONS or once `endSubscriptions` ran.
   */
  subscribe(ref: CustomerKey): AsyncIterableIterator<Customer> {
    return this.changes.subscribe(ref);
  }

  /** Ends every open subscription and refuses new ones (for shutdown: open streams would hold it up). */
  endSubscriptions(): void {
    this.changes.end();
  }

  private seen(customer: Customer | null): Customer | null {
    if (customer) this.changes.seen(customer);
    return customer;
  }

  /** The shared coordination store's state (null when coordination is in-process). */
  coordinationHealth(): CoordinationHealth | null {
    return this.coordination.health();
  }

  /** Resolves once every lock is released, i.e. every write attempt sent has settled (for shutdown). */
  async drain(): Promise<void> {
    while (this.releasing.size > 0) await Promise.all(this.releasing);
  }
}

/** A customer's lock name: source names have no ":", so it is unambiguous. */
function lockName(ref: CustomerKey): string {
  return `${ref.source}:${ref.externalId}`;
}

/** An argument that names something (ID, source, key, cursor), cleaned like every text input, or BAD_USER_INPUT naming it. */
function cleanArgument(value: string, max: number, argument: string): string {
  const cleaned = cleanText(value, max);
  if ('problem' in cleaned) throw new InvalidReferenceError(`${argument} ${cleaned.problem.message}`, argument);
  return cleaned.text;
}

export function refKey(ref: CustomerKey): string {
  return `${ref.source}\u0000${ref.externalId}`;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new BackendError('FAILED', 'unknown', String(error));
}
