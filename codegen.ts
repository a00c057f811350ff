// `npm run codegen` (graphql-codegen's CLI): typed documents, and the persisted-documents manifest
// the service can trust (TRUSTED_DOCUMENTS), for the test operations and for the frontend
// example, from the committed schema. `npm run check` runs it with --check: stale output fails.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  // ESM: the generated files import each other as './graphql.js', which NodeNext resolution requires.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      documents: 'test/operations/*.graphql',
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: { scalars: { DateTime: 'string', JSON: 'unknown' }, enumsAsTypes: true, useTypeImports: true },
    },
    'examples/customer-editor/src/gql/': {
      documents: ['examples/customer-editor/src/**/*.ts', '!examples/customer-editor/src/gql/**'],
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // An operation is only its id (`__meta__.hash`), no text to send: the app can ask for nothing but the manifest's.
        persistedDocuments: { mode: 'replaceDocumentWithHash' },
      },
      config: {
        // Documents as typed strings: sent with fetch as they are, no graphql runtime in the bundle.
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        // An unmapped scalar is an error, never `any`/`unknown`.
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          JSON: '../json.js#JsonValue',
          // Federation's entity representations; this app sends none.
          _Any: '../json.js#JsonObject',
        },
      },
    },
  },
};

export default config;
