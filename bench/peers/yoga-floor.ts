// The floor: graphql-yoga with its defaults, the same types as the other peers, answering from
// memory with no upstream call at all. What any Yoga server spends per request before it does any
// work: this service's CPU per request cannot go below it, whatever its own code does.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const typeDefs = /* GraphQL */ `
  type Customer { id: ID! externalId: String! email: String name: String updatedAt: String }
  input UpdateCustomerInput { id: ID! email: String name: String }
  type UpdateCustomerPayload { customer: Customer }
  type Query { customer(id: ID!): Customer }
  type Mutation { updateCustomer(input: UpdateCustomerInput!): UpdateCustomerPayload! }
`;

const customer = (id: string, email = `${id}@example.com`) => ({ id, externalId: id, email, name: 'Bench Customer', updatedAt: new Date().toISOString() });

const yoga = createYoga({
  logging: false,
  landingPage: false,
  graphiql: false,
  schema: createSchema({
    typeDefs,
    resolvers: {
      Query: { customer: (_: unknown, { id }: { id: string }) => customer(id) },
      Mutation: {
        updateCustomer: (_: unknown, { input }: { input: { id: string; email?: string } }) => ({ customer: customer(input.id, input.email) }),
      },
    },
  }),
});

const server = createServer(yoga);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
  console.log(JSON.stringify({ msg: 'yoga floor listening', url: `http://127.0.0.1:${address.port}/graphql` }));
});
