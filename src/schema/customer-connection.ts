// `customers`: a Relay connection over each backend's forward cursor paging.
import { z } from 'zod';
import type { CustomerConnection } from '../customers/service.js';
import { LIMITS } from '../customers/validation.js';
import { sourceScope } from './access.js';
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';

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
      after: t.arg.string({ description: `The \`endCursor\` (or an edge \`cursor\`) of an earlier page. At most ${LIMITS.cursor} characters.` }),
    },
    authScopes: (_root, { source }) => sourceScope(source),
    resolve: async (_root, { source, first, after }, ctx) => toRelayPage(await ctx.service.list(source, first ?? 20, after ?? null)),
  }),
);
