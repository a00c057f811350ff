// Who may do what. The rules sit on the types and fields (scope-auth): Query needs
// `customers:read`, Mutation `customers:write`, and a field naming a customer or a source needs
// that source. This module says what a caller holds and, when it falls short, what is missing.
import { AuthScopeFailureType, ForbiddenError, type AuthFailure } from '@pothos/plugin-scope-auth';
import type { Caller } from '../context.js';
import { customerKeyOf, decodeCustomerId } from '../customers/global-id.js';

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

/** The source a customer ID names; undefined when the ID does not decode (the resolver reports that). */
export function sourceOfId(id: string): string | undefined {
  const ref = decodeCustomerId(id);
  return 'problem' in ref ? undefined : ref.source;
}

/** The source a customer's local id (inside its global ID) names. */
export function sourceOfLocalId(localId: string): string | undefined {
  const key = customerKeyOf(localId);
  return 'problem' in key ? undefined : key.source;
}

/** A field's rule for the source it touches; with none known, nothing beyond the type's scope. */
export const sourceScope = (source: string | undefined): { source: string } | true => (source === undefined ? true : { source });

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
export function requireAccess(caller: Caller, needs: { scope?: string; source?: string | undefined }): void {
  const missing = [
    ...(needs.scope !== undefined && !holds(caller, needs.scope) ? [scopeMissing(needs.scope)] : []),
    ...(needs.source !== undefined && !mayUse(caller, needs.source) ? [sourceMissing(needs.source)] : []),
  ];
  if (missing.length > 0) throw new ForbiddenError(forbidden(missing));
}
