// Every backend kind the service can talk to. A new kind is one folder and one line here.
import type { BackendKind } from '../customers/model.js';
import type { Backend } from '../customers/backend.js';
import type { RateBudget } from '../customers/coordination.js';
import type { BackendFactory } from './factory.js';
import { flexportal } from './flexportal/index.js';
import { flowglad } from './flowglad/index.js';
import type { HttpPolicy, SourceObservers } from './http.js';

export const BACKEND_FACTORIES = {
  FLOWGLAD: flowglad,
  FLEXPORTAL: flexportal,
} satisfies Record<BackendKind, BackendFactory<unknown>>;

/** Builds the backend of a configured source. */
export function createBackend(kind: BackendKind, name: string, settings: unknown, policy: HttpPolicy, budget: RateBudget, observers: SourceObservers): Backend {
  const factory: BackendFactory<unknown> = BACKEND_FACTORIES[kind];
  return factory.create(name, factory.settings.parse(settings), policy, budget, observers);
}
