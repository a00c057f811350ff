// Typed documents for the operations in src/ (client preset), from the service's committed schema.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema/schema.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  // ESM: the generated files import each other as './graphql.js', which NodeNext resolution requires.
  emitLegacyCommonJSImports: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
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
