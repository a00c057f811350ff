// GraphQL Mesh composition of the stub's OpenAPI description, served by Hive Gateway in the bench.
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Flowglad', {
        source: './flowglad-openapi.json',
        endpoint: process.env.STUB_URL ?? 'http://127.0.0.1:4010',
        operationHeaders: { authorization: 'sk_test_emulator' },
      }),
    },
  ],
});
