// The floor: graphql-yoga with its defaults, the same types as the other peers, answering from
// memory with no upstream call at all. What any Yoga server spends per request before it does any
// work: this service's CPU per request cannot go below it, whatever its own code does.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { listenAndAnnounce } from '../announce.js';
import { typeDefs } from './schema.js';

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
listenAndAnnounce(server, 'yoga floor listening', '/graphql');
