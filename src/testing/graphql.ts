// Runs an operation against the served schema in process, as a given caller: what Yoga executes
// once useAuth has set the caller, without HTTP, the other plugins or error masking.
import { graphql } from 'graphql';
import { createContext, type Caller, type Context } from '../context.js';
import type { CustomerService } from '../customers/service.js';
import { schema } from '../schema/index.js';

/** Every scope and every source, as when no authentication is configured. */
export const OPEN: Caller = { kind: 'open', key: null, subject: null, scopes: null, sources: null };

/** A token's caller: only the scopes and sources it lists (null: all). */
export function tokenCaller(scopes: string[] | null, sources: string[] | null = null): Caller {
  return { kind: 'jwt', key: null, subject: 'spec', scopes: scopes && new Set(scopes), sources: sources && new Set(sources) };
}

/** The answer as the caller receives it: serialized to JSON (a DateTime is its ISO string). */
export type Answer = { data?: Record<string, unknown> | null; errors?: { message: string; path?: (string | number)[] }[] };

/** What the resolvers get once useAuth has set the caller: a 15 s deadline, up to 100 `_entities`. */
export function contextOf(service: CustomerService, caller: Caller): Context {
  return { ...createContext(service, 15_000, 100, caller), caller };
}

export async function execute(service: CustomerService, caller: Caller, source: string, variableValues?: Record<string, unknown>): Promise<Answer> {
  const result = await graphql({ schema, source, variableValues, contextValue: contextOf(service, caller) });
  return JSON.parse(JSON.stringify(result));
}
