// What a backend kind provides: its own module, so each kind's folder and the registry that lists
// them import it without importing each other.
import type { ZodObject, ZodType } from 'zod';
import type { Backend, BackendCapabilities } from '../customers/backend.js';
import type { RateBudget, RateLimit } from '../customers/coordination.js';
import type { HttpPolicy, SourceObservers } from './http.js';

export interface BackendFactory<Settings> {
  /** What every source of this kind can store and filter by. */
  capabilities: BackendCapabilities;
  /** The source settings this kind needs (url, apiKey, …), checked at startup; an object, so its keys name the variables. */
  settings: ZodObject & ZodType<Settings>;
  /** The budget a source of this kind gets when none is configured (e.g. a documented plan limit). */
  defaultRateLimit: RateLimit | null;
  /** A backend for the source; every request it makes (attempts, retries, probes) takes a turn of `budget` and tells `observers` how it went. */
  create(name: string, settings: Settings, policy: HttpPolicy, budget: RateBudget, observers: SourceObservers): Backend;
}
