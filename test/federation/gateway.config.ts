// Hive Gateway's configuration for the tests that run with access control: the caller's
// Authorization header goes to the customers subgraph, and to no other. The same options as the
// gateway.config.ts in docs/federation.md for the `hive-gateway` CLI, typed by the runtime the tests run.
import type { GatewayConfigBase } from '@graphql-hive/gateway-runtime';

export const gatewayConfig: GatewayConfigBase<Record<string, unknown>> = {
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }) => (subgraphName === 'customers' ? { authorization: request.headers.get('authorization') } : {}),
  },
};
