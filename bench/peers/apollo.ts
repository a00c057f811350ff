// The Apollo peer: Apollo Server 5 (standalone) with @apollo/datasource-rest, implementing the
// same query and mutation over the same upstream, as the docs show: one data source instance
// per request, created in the context function. Node's global fetch keeps connections alive.
import { RESTDataSource } from '@apollo/datasource-rest';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { typeDefs } from './schema.js';

interface FlowgladCustomer {
  externalId: string;
  email: string;
  name: string;
  updatedAt: number;
}

class FlowgladAPI extends RESTDataSource {
  override baseURL = `${process.env.STUB_URL}/api/v1/`;

  override willSendRequest(_path: string, request: { headers: Record<string, string> }) {
    request.headers.authorization = 'sk_test_emulator';
  }

  async getCustomer(id: string) {
    return (await this.get<{ customer: FlowgladCustomer }>(`customers/${encodeURIComponent(id)}`)).customer;
  }

  async updateCustomer(id: string, fields: { email?: string | null; name?: string | null }) {
    return (await this.put<{ customer: FlowgladCustomer }>(`customers/${encodeURIComponent(id)}`, { body: { customer: fields } })).customer;
  }
}

const toCustomer = (c: FlowgladCustomer) => ({
  id: c.externalId,
  externalId: c.externalId,
  email: c.email,
  name: c.name,
  updatedAt: new Date(c.updatedAt).toISOString(),
});

interface Context {
  dataSources: { flowglad: FlowgladAPI };
}

const server = new ApolloServer<Context>({
  typeDefs,
  resolvers: {
    Query: { customer: async (_: unknown, { id }: { id: string }, { dataSources }: Context) => toCustomer(await dataSources.flowglad.getCustomer(id)) },
    Mutation: {
      updateCustomer: async (_: unknown, { input }: { input: { id: string; email?: string; name?: string } }, { dataSources }: Context) => {
        const { id, ...fields } = input;
        return { customer: toCustomer(await dataSources.flowglad.updateCustomer(id, fields)) };
      },
    },
  },
});

const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: '127.0.0.1' },
  context: async () => {
    const { cache } = server;
    return { dataSources: { flowglad: new FlowgladAPI({ cache }) } };
  },
});
console.log(JSON.stringify({ msg: 'apollo listening', url }));
