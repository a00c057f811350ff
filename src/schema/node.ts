// The Node interface and `node(id)`: every customer is reachable by its global ID.
import { encodeCustomerId } from '../customers/global-id.js';
import type { Customer } from '../customers/model.js';
import { LIMITS } from '../customers/validation.js';
import { sourceOfId, sourceScope } from './access.js';
import { builder } from './builder.js';

export const NodeRef = builder.interfaceRef<Customer>('Node').implement({
  description: 'An object with a globally unique, opaque ID.',
  fields: (t) => ({
    id: t.id({
      description: 'The global ID: encodes the source and the backend key; opaque, URL-safe, stable across updates.',
      nullable: false,
      resolve: (customer) => encodeCustomerId(customer),
    }),
  }),
  // Customers are the only nodes so far.
  resolveType: () => 'Customer',
});

builder.queryField('node', (t) =>
  t.field({
    type: NodeRef,
    description: 'Any object by its global ID; null when it does not exist.',
    args: { id: t.arg.id({ required: true, description: `A global ID, as returned in \`id\`. At most ${LIMITS.id} characters.` }) },
    authScopes: (_root, { id }) => sourceScope(sourceOfId(id)),
    resolve: (_root, { id }, ctx) => ctx.customers.load(ctx.service.resolveId(id)),
  }),
);
