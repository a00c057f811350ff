// `customers`: a Relay connection over each backend's forward cursor paging.
import { z } from 'zod';
import type { CustomerConnection } from '../customers/service.js';
import { LIMITS } from '../customers/validation.js';
import { sourceScope } from './access.js';
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';

type Edge = CustomerConnection['edges'][number];

const PageInfoRef = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  description: 'Where a page of a connection ends (Relay). Paging runs forward only.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more items follow `endCursor`.', nullable: false }),
    hasPreviousPage: t.boolean({
      description: 'Always false: the backends page forward only.',
      nullable: false,
      resolve: () => false,
    }),
    startCursor: t.string({ description: 'Not tracked (forward paging only); always null.', resolve: () => null }),
    endCursor: t.exposeString('endCursor', { description: 'Pass as `after` to get the next page.' }),
  }),
});

const CustomerEdgeRef = builder.objectRef<Edge>('CustomerEdge').implement({
  description: 'A customer in a connection, with its cursor.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this customer.', nullable: false }),
    node: t.expose('customer', { type: CustomerRef, description: 'The customer.', nullable: false }),
  }),
});

const CustomerConnectionRef = builder.objectRef<CustomerConnection>('CustomerConnection').implement({
  description: 'A page of customers (Relay connection).',
  fields: (t) => ({
    edges: t.expose('edges', { type: [CustomerEdgeRef], description: 'The customers on this page.', nullable: false }),
    nodes: t.field({
      type: [CustomerRef],
      description: 'The customers on this page, without cursors.',
      nullable: false,
      resolve: (connection) => connection.edges.map((edge) => edge.customer),
    }),
    pageInfo: t.field({
      type: PageInfoRef,
      description: 'Paging information.',
      nullable: false,
      resolve: (connection) => ({
        hasNextPage: connection.hasNextPage,
        endCursor: connection.edges.at(-1)?.cursor ?? null,
      }),
    }),
    totalCount: t.exposeInt('totalCount', { description: 'Customers in the source, where the backend reports it (Flowglad).' }),
  }),
});

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
    resolve: (_root, { source, first, after }, ctx) => ctx.service.list(source, first ?? 20, after ?? null),
  }),
);
