// Who may do what. The rules sit on the types and fields (scope-auth): Query needs
// `customers:read`, Mutation `customers:write`, and a field naming a customer or a source needs
// that source. This module says what a caller holds and, when it falls short, what is missing.
import { AuthScopeFailureType, ForbiddenError, type AuthFailure } from '@pothos/plugin-scope-auth';
import type { Caller } from '../context.js';
import { readCustomerId, readLocalId, readOrRefuse, readSource } from '../customers/global-id.js';

/** The scope every query field needs, `_service` and `_entities` included. */
export const READ = 'customers:read';
/** The scope `updateCustomer` needs. */
export const WRITE = 'customers:write';

/** The scopes rules are written in: the token's two scopes, and a source the caller may use. */
export interface AccessScopes {
  [READ]: boolean;
  [WRITE]: boolean;
  source: string;
}

const holds = (caller: Caller, scope: string) => caller.scopes === null || caller.scopes.has(scope);
const mayUse = (caller: Caller, source: string) => caller.sources === null || caller.sources.has(source);

/** scope-auth's initializer: what this request's caller holds. */
export function scopesOf(caller: Caller) {
  return {
    [READ]: holds(caller, READ),
    [WRITE]: holds(caller, WRITE),
    source: (source: string) => mayUse(caller, source),
  };
}

/**
 * The rules of fields that name a customer or a source: the source, read by the one reading of a
 * reference (customers/global-id.ts) that the service uses too. A reference that does not read
 * is refused here with BAD_USER_INPUT, before any rule could allow it.
 */
export const idScope = (id: unknown, argument: string) => ({ source: readOrRefuse(readCustomerId(id, argument)).source });
export const localIdScope = (localId: string, argument: string) => ({ source: readOrRefuse(readLocalId(localId, argument)).source });
export const sourceScope = (source: unknown) => readOrRefuse(readSource(source));

const scopeMissing = (scope: string) => `the scope ${scope}`;
const sourceMissing = (source: string) => `access to source ${source}`;
const forbidden = (missing: string[]) => `Forbidden: your credentials lack ${missing.join(' and ')}.`;

function missingIn(failure: AuthFailure): string[] {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return [failure.scope === 'source' ? sourceMissing(String(failure.parameter)) : scopeMissing(failure.scope)];
    case AuthScopeFailureType.AllAuthScopes:
    case AuthScopeFailureType.AnyAuthScopes:
      return failure.failures.flatMap(missingIn);
    default:
      return [];
  }
}

/** scope-auth's refusal message: names the scope or source that is missing. */
export function forbiddenMessage(failure: AuthFailure): string {
  const missing = missingIn(failure);
  return missing.length > 0 ? forbidden(missing) : 'Forbidden.';
}

/**
 * The same rules where scope-auth cannot reach: fields @apollo/subgraph adds after Pothos built
 * the schema (`_service`, `_entities`) and each entity reference. Throws FORBIDDEN.
 */
export function requireAccess(caller: Caller, needs: { scope?: string; source?: string }): void {
  const missing = [
    ...(needs.scope !== undefined && !holds(caller, needs.scope) ? [scopeMissing(needs.scope)] : []),
    ...(needs.source !== undefined && !mayUse(caller, needs.source) ? [sourceMissing(needs.source)] : []),
  ];
  if (missing.length > 0) throw new ForbiddenError(forbidden(missing));
}
