// What every resolver gets for one GraphQL request.
import type { CustomerLoader, CustomerService } from './customers/service.js';
import { currentRequestScope } from './telemetry/request-scope.js';

/** Who is calling, as established by the useAuth plugin before the request runs. */
export interface Caller {
  /** How the caller proved who it is: `open` when no authentication is configured. */
  kind: 'open' | 'api-key' | 'jwt';
  /** The token's `sub`, when it has one. */
  subject: string | null;
  /**
   * Who the caller is, for its share of every source's budget (CALLER_SHARE): a digest of its API
   * key, or of the token's issuer and `sub` (never a credential). Null for an open caller, which
   * is not shared out.
   */
  key: string | null;
  /** Granted scopes (the token's `scope` claim); null = every scope. */
  scopes: ReadonlySet<string> | null;
  /** Sources the caller may read and write (the token's `customer_sources` claim); null = all. */
  sources: ReadonlySet<string> | null;
}

export interface Context {
  service: CustomerService;
  /** When this request must be answered (epoch ms): its arrival plus REQUEST_DEADLINE_MS. */
  deadlineAt: number;
  /** Customers read during this request, batched and deduplicated. */
  customers: CustomerLoader;
  caller: Caller;
  /** `_entities` representations this request sent so far, and the most it may (MAX_ENTITIES_PER_REQUEST). */
  entities: { sent: number; max: number };
}

/**
 * The context of a request whose caller useAuth has established. The request id is not here: it
 * lives in the request scope (src/telemetry/request-scope.ts), where code outside the resolvers
 * finds it too.
 */
export function createContext(service: CustomerService, deadlineMs: number, maxEntities: number, caller: Caller): Omit<Context, 'caller'> {
  // From the request's arrival (its scope opens as it comes in), not from when Yoga got to it.
  const scope = currentRequestScope();
  const deadlineAt = Math.floor(Date.now() - (scope ? performance.now() - scope.startedAt : 0) + deadlineMs);
  return { service, deadlineAt, customers: service.createLoader(deadlineAt, caller.key), entities: { sent: 0, max: maxEntities } };
}
