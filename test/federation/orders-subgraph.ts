// A tiny "orders" subgraph for the federation tests: ORDER_COUNT orders spread over the
// customer IDs in ORDER_CUSTOMER_IDS, each referencing its Customer entity by id.
import { createServer } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { portOf } from '../../support/net.js';

export const ORDERS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Query {
    "Every order."
    orders: [Order!]!
  }

  type Order @key(fields: "id") {
    id: ID!
    number: Int!
    total: Float!
    customer: Customer!
  }

  type Customer @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

const customerIds = (process.env.ORDER_CUSTOMER_IDS ?? '').split(',').filter(Boolean);
const count = Number(process.env.ORDER_COUNT ?? 100);
const orders = Array.from({ length: count }, (_, i) => ({
  id: `ord_${i + 1}`,
  number: i + 1,
  total: 10 + i,
  customerId: customerIds[i % customerIds.length]!,
}));

const schema = buildSubgraphSchema({
  typeDefs: parse(ORDERS_SDL),
  resolvers: {
    Query: { orders: () => orders },
    Order: { customer: (order: (typeof orders)[number]) => ({ __typename: 'Customer', id: order.customerId }) },
  },
});

const server = createServer(createYoga({ schema, logging: false }));
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'orders listening', url: `http://127.0.0.1:${portOf(server)}/graphql` }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
