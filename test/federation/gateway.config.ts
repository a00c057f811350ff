// Hive Gateway's configuration for the tests that run with access control: the caller's
// Authorization header goes to the customers subgraph, and to no other.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }) =>
      subgraphName === 'customers' ? { authorization: request.headers.get('authorization') } : {},
  },
});
