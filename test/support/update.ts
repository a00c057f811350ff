// Shortcuts for calling updateCustomer in tests.
import type { UpdateCustomerInput } from '../generated/graphql.js';
import { UpdateCustomerDocument } from '../generated/graphql.js';
import { globalId, type Stack } from './stack.js';

export function update(stack: Stack, source: string, key: string, fields: Omit<UpdateCustomerInput, 'id'>) {
  return stack.graphql.execute(UpdateCustomerDocument, { input: { id: globalId(source, key), ...fields } });
}

/** The payload of a successful GraphQL call (fails the test on top-level errors). */
export async function payload(stack: Stack, source: string, key: string, fields: Omit<UpdateCustomerInput, 'id'>) {
  const result = await update(stack, source, key, fields);
  if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data!.updateCustomer;
}

/** Removes fields every write changes, to compare the rest of a stored record. */
export function withoutTimestamps(record: Record<string, unknown>) {
  const { updatedAt: _updatedAt, ...rest } = record;
  return rest;
}
