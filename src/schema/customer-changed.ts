// Live updates: Subscription.customerChanged, served over GraphQL over SSE (Yoga's default
// transport for subscriptions). Its rules are customer(id)'s, checked when it subscribes.
import { LIMITS } from '../customers/validation.js';
import { READ, idScope } from './access.js';
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';

builder.subscriptionType({
  description: 'Live updates, over GraphQL over Server-Sent Events.',
  authScopes: { [READ]: true },
});

builder.subscriptionField('customerChanged', (t) =>
  t.field({
    type: CustomerRef,
    nullable: false,
    description:
      'The customer, as stored, each time it changes from now on: after every update this service wrote and verified (through any replica), and whenever a read through this service finds it changed elsewhere (a newer `updatedAt` than the last one known). The same rights as `customer(id)`, checked when subscribing.',
    args: { id: t.arg.id({ required: true, description: `The customer ID. At most ${LIMITS.id} characters.` }) },
    authScopes: (_root, { id }) => idScope(id, 'id'),
    subscribe: (_root, { id }, ctx) => ctx.service.subscribe(ctx.service.resolveId(id)),
    resolve: (customer) => customer,
  }),
);
