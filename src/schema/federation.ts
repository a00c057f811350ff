// Apollo Federation v2: Customer is an entity keyed by `id`, resolved through the request's
// DataLoader so a gateway's `_entities` batch costs one backend read per distinct customer.
import { assertObjectType, type GraphQLSchema } from 'graphql';
import type { Context } from '../context.js';
import { InvalidReferenceError } from '../customers/errors.js';
import { READ, requireAccess, sourceOfId } from './access.js';
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';

builder.asEntity(CustomerRef, {
  key: builder.selection<{ id: string }>('id'),
  // Async: a refusal must fail this reference alone, not the whole `_entities` list.
  resolveReference: async ({ id }, ctx) => {
    requireAccess(ctx.caller, { source: sourceOfId(id) });
    try {
      return await ctx.customers.load(ctx.service.resolveId(id, 'representations.id'));
    } catch (error) {
      // A reference that cannot name a customer is an unknown entity: null, like a missing one.
      if (error instanceof InvalidReferenceError) return null;
      throw error;
    }
  },
});

/**
 * `_service` and `_entities` are added by toSubGraphSchema after Pothos built the fields, out of
 * scope-auth's reach: they get Query's rule (customers:read) here.
 */
export function requireReadOnFederationFields(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getQueryType()!.getFields();
  for (const field of [fields._service!, fields._entities!]) {
    const resolve = field.resolve!;
    field.resolve = (root, args, ctx: Context, info) => {
      requireAccess(ctx.caller, { scope: READ });
      return resolve(root, args, ctx, info);
    };
  }
  return schema;
}

/** @apollo/subgraph adds its types and fields without descriptions; every part of this schema has one. */
export function describeFederationParts(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getQueryType()!.getFields();
  fields._service!.description = 'This service as an Apollo Federation subgraph: its SDL, for composition.';
  fields._entities!.description = 'Customers by their `@key` representations, for a federation gateway; a missing or malformed reference is null.';
  fields._entities!.args[0]!.description = 'Representations: `{ __typename: "Customer", id }` each.';
  const service = assertObjectType(schema.getType('_Service'));
  service.description = 'This service as a federation subgraph.';
  schema.getType('_Any')!.description = 'An entity representation sent by a federation gateway.';
  schema.getType('_Entity')!.description = 'Every entity type of this subgraph (Customer).';
  return schema;
}
