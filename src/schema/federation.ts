// Apollo Federation v2: Customer is an entity keyed by `id`, resolved through the request's
// DataLoader so a gateway's `_entities` batch costs one backend read per distinct customer.
import { InvalidReferenceError } from '../customers/errors.js';
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';

builder.asEntity(CustomerRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx) => {
    try {
      return ctx.customers.load(ctx.service.resolveId(id, 'representations.id'));
    } catch (error) {
      // A reference that cannot name a customer is an unknown entity: null, like a missing one.
      if (error instanceof InvalidReferenceError) return null;
      throw error;
    }
  },
});
