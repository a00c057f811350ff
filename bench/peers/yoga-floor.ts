// The floor: graphql-yoga with exactly the service's transport options (src/yoga-options.ts) and
// none of its plugins, the same types as the other peers, answering from memory with no upstream
// call at all: what Yoga itself spends per request here. (Yoga's defaults cost more: its default
// maxRequestBodySize wraps every body in a byte-counting stream, which the service turns off.)
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { listenAndAnnounce } from '../announce.js';
import { YOGA_TRANSPORT_OPTIONS } from '../../src/yoga-options.js';
import { typeDefs } from './schema.js';

const customer = (id: string, email = `${id}@example.com`) => ({ id, externalId: id, email, name: 'Bench Customer', updatedAt: new Date().toISOString() });

const yoga = createYoga({
  ...YOGA_TRANSPORT_OPTIONS,
  logging: false,
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
