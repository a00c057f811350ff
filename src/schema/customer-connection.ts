// `customers`: a Relay connection over each backend's forward cursor paging.
import { z } from 'zod';
import type { CustomerConnection } from '../customers/service.js';
import { LIMITS, email } from '../customers/validation.js';
import { sourceScope } from './access.js';
import { builder } from './builder.js';
import { CustomerRef, CustomerStatusEnum, CustomerTypeEnum } from './customer.js';

const CustomerFilterInput = builder.inputType('CustomerFilter', {
  description:
    "Conditions on `customers`; all given must hold, null or left out means any. Applied by the backend's own list: a source whose backend cannot apply a condition (Flowglad: none) refuses it with BAD_USER_INPUT naming it, rather than ignore it.",
  fields: (t) => ({
    email: t.string({
      description: `Exactly this email address (FlexPortal). At most ${LIMITS.email} characters.`,
      validate: { schema: email },
    }),
    status: t.field({ type: CustomerStatusEnum, description: 'Only customers in this state (FlexPortal: ACTIVE or INACTIVE; ARCHIVED matches none).' }),
    customerType: t.field({ type: CustomerTypeEnum, description: 'Only people or only companies (FlexPortal).' }),
  }),
});

const CustomerConnectionRef = builder.connectionObject(
  {
    type: CustomerRef,
    name: 'CustomerConnection',
    description: 'A page of customers (Relay connection).',
    fields: (t) => ({
      totalCount: t.exposeInt('totalCount', { description: 'Customers in the source, where the backend reports it (Flowglad).' }),
    }),
  },
  { name: 'CustomerEdge', description: 'A customer in a connection, with its cursor.' },
);

/** The domain's page in Relay's shape. */
function toRelayPage({ edges, hasNextPage, totalCount }: CustomerConnection) {
  return {
    edges: edges.map(({ customer, cursor }) => ({ cursor, node: customer })),
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

builder.queryField('customers', (t) =>
  t.field({
    type: CustomerConnectionRef,
    nullable: false,
    description: "A source's customers, page by page, in the backend's order.",
    args: {
      source: t.arg.string({ required: true, description: `A configured source name, e.g. \`flowglad\`. At most ${LIMITS.source} characters.` }),
      first: t.arg.int({
        description: 'Page size, 1 to 100 (default 20).',
        validate: { schema: z.number().int().min(1).max(100) },
      }),
      after: t.arg.string({
        description: `The \`endCursor\` (or an edge \`cursor\`) of an earlier page, listed with the same filter. At most ${LIMITS.cursor} characters.`,
      }),
      filter: t.arg({ type: CustomerFilterInput, description: 'Only customers that meet these conditions.' }),
    },
    authScopes: (_root, { source }) => sourceScope(source),
    resolve: async (_root, { source, first, after, filter }, ctx) =>
      toRelayPage(await ctx.service.list(source, first ?? 20, after ?? null, filter ?? {}, ctx.deadlineAt, ctx.caller.key)),
  }),
);
