// Every backend kind the service can talk to. A new kind is one folder and one line here.
import type { ZodObject, ZodType } from 'zod';
import type { BackendKind } from '../customers/model.js';
import type { Backend, BackendCapabilities } from '../customers/backend.js';
import type { RateBudget, RateLimit } from '../customers/coordination.js';
import { flexportal } from './flexportal/index.js';
import { flowglad } from './flowglad/index.js';
import type { HttpPolicy } from './http.js';

export interface BackendFactory<Settings> {
  kind: BackendKind;
  /** What every source of this kind can store and filter by. */
  capabilities: BackendCapabilities;
  /** The source settings this kind needs (url, apiKey, …), checked at startup; an object, so its keys name the variables. */
  settings: ZodObject & ZodType<Settings>;
  /** The budget a source of this kind gets when none is configured (e.g. a documented plan limit). */
  defaultRateLimit: RateLimit | null;
  /** A backend for the source; every request it makes (attempts, retries, probes) takes a turn of `budget`. */
  create(name: string, settings: Settings, policy: HttpPolicy, budget: RateBudget): Backend;
}

export const BACKEND_FACTORIES = {
  FLOWGLAD: flowglad,
  FLEXPORTAL: flexportal,
} satisfies Record<BackendKind, BackendFactory<unknown>>;

/** Builds the backend of a configured source. */
export function createBackend(kind: BackendKind, name: string, settings: unknown, policy: HttpPolicy, budget: RateBudget): Backend {
  const factory: BackendFactory<unknown> = BACKEND_FACTORIES[kind];
  return factory.create(name, factory.settings.parse(settings), policy, budget);
}
