// Apollo Federation v2: Customer is an entity keyed by `id`, resolved through the request's
// DataLoader so a gateway's `_entities` batch costs one backend read per distinct customer.
import { assertObjectType, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import type { Context } from '../context.js';
import { InvalidReferenceError, RequestLimitError } from '../customers/errors.js';
import { encodeCustomerId, readCustomerId, type Reading } from '../customers/global-id.js';
import { idScope, READ, requireAccess } from './access.js';
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';

builder.asEntity(CustomerRef, {
  key: builder.selection<{ id: string }>('id'),
  // Only well-formed representations get here (see guardFederationFields), each with its ID as
  // this service encodes it. Async: a refusal must fail this reference alone, not the whole list.
  resolveReference: async ({ id }, ctx) => {
    requireAccess(ctx.caller, idScope(id, 'representations.id'));
    try {
      return await ctx.customers.load(ctx.service.resolveId(id, 'representations.id'));
    } catch (error) {
      // A customer of a source not configured here is an unknown entity: null, like a missing one.
      if (error instanceof InvalidReferenceError) return null;
      throw error;
    }
  },
});

/** A representation as the entity resolver takes it: `{ __typename: "Customer", id }`, the ID read and re-encoded. */
function readRepresentation(representation: unknown, at: string): Reading<{ __typename: 'Customer'; id: string }> {
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
    return { argument: at, problem: `${at} must be an object { __typename: "Customer", id }.` };
  }
  if (!('__typename' in representation) || representation.__typename !== 'Customer') {
    return { argument: `${at}.__typename`, problem: `${at}.__typename must be "Customer", the one entity type of this subgraph.` };
  }
  const key = readCustomerId('id' in representation ? representation.id : undefined, `${at}.id`);
  return 'problem' in key ? key : { __typename: 'Customer', id: encodeCustomerId(key) };
}

/** @apollo/subgraph's entity resolver answers one entity (or its promise) per representation, in order. */
const Entities = z.array(z.unknown());

/**
 * `_service` and `_entities` are added by toSubGraphSchema after Pothos built the fields, out of
 * scope-auth's reach: they get Query's rule (customers:read) here. `_entities` also takes at most
 * MAX_ENTITIES_PER_REQUEST representations per request, refused before any is read, and answers
 * each malformed one with null and its own BAD_USER_INPUT naming it (`representations[3].id`),
 * where @apollo/subgraph would fail the whole list as our fault.
 */
export function guardFederationFields(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getQueryType()!.getFields();
  const service = fields._service!;
  const resolveService = service.resolve!;
  service.resolve = (root, args, ctx: Context, info) => {
    requireAccess(ctx.caller, { scope: READ });
    return resolveService(root, args, ctx, info);
  };
  const entities = fields._entities!;
  const resolveEntities = entities.resolve!;
  entities.resolve = (root, { representations }: { representations: unknown[] }, ctx: Context, info) => {
    requireAccess(ctx.caller, { scope: READ });
    const { max } = ctx.entities;
    ctx.entities.sent += representations.length;
    if (ctx.entities.sent > max) {
      throw new RequestLimitError(
        `_entities takes at most ${max} representations per request (MAX_ENTITIES_PER_REQUEST); this request sent ${ctx.entities.sent}. None of these was read: send them in smaller batches.`,
        'MAX_ENTITIES_PER_REQUEST',
        max,
        'representations',
      );
    }
    const readings = representations.map((representation, index) => readRepresentation(representation, `representations[${index}]`));
    const wellFormed = readings.flatMap((reading) => ('problem' in reading ? [] : [reading]));
    const resolved = Entities.parse(resolveEntities(root, { representations: wellFormed }, ctx, info));
    let next = 0;
    return readings.map((reading) => ('problem' in reading ? Promise.reject(new InvalidReferenceError(reading.problem, reading.argument)) : resolved[next++]));
  };
  return schema;
}

/** @apollo/subgraph adds its types and fields without descriptions; every part of this schema has one. */
export function describeFederationParts(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getQueryType()!.getFields();
  fields._service!.description = 'This service as an Apollo Federation subgraph: its SDL, for composition.';
  fields._entities!.description =
    'Customers by their `@key` representations, for a federation gateway: a missing customer is null; a malformed representation is null with its own BAD_USER_INPUT error. At most MAX_ENTITIES_PER_REQUEST (default 100) representations per request.';
  fields._entities!.args[0]!.description = 'Representations: `{ __typename: "Customer", id }` each.';
  const service = assertObjectType(schema.getType('_Service'));
  service.description = 'This service as a federation subgraph.';
  schema.getType('_Any')!.description = 'An entity representation sent by a federation gateway.';
  schema.getType('_Entity')!.description = 'Every entity type of this subgraph (Customer).';
  return schema;
}
