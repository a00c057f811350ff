// `npm run codegen`: typed documents for the test operations (the client preset), generated from
// the committed schema with @graphql-codegen/core; `--check` fails when test/generated/ is stale.
// The CLI (@graphql-codegen/cli) would do the same with ~180 more packages in every install.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { preset } from '@graphql-codegen/client-preset';
import { codegen } from '@graphql-codegen/core';
import { buildSchema, parse, print } from 'graphql';

const OPERATIONS = 'test/operations';
const OUT = 'test/generated/';
const sdl = readFileSync('schema/schema.graphql', 'utf8');
const documents = readdirSync(OPERATIONS)
  .filter((name) => name.endsWith('.graphql'))
  .sort()
  .map((name) => {
    const document = parse(readFileSync(join(OPERATIONS, name), 'utf8'));
    // Printed, as the CLI's file loader gives it: the keys of the generated document map.
    return { location: join(OPERATIONS, name), document, rawSDL: print(document) };
  });
// ESM: generated imports carry their .js extension.
const config = { scalars: { DateTime: 'string', JSON: 'unknown' }, enumsAsTypes: true, useTypeImports: true, emitLegacyCommonJSImports: false };

const outputs = await preset.buildGeneratesSection({
  baseOutputDir: OUT,
  presetConfig: { fragmentMasking: false },
  plugins: [],
  pluginMap: {},
  schema: parse(sdl),
  schemaAst: buildSchema(sdl),
  documents,
  config,
  pluginContext: {},
});
const files = await Promise.all(
  outputs.map(async (output) => ({ path: output.filename, text: await codegen({ ...output, emitLegacyCommonJSImports: false }) })),
);

if (process.argv.includes('--check')) {
  const stale = files.filter(({ path, text }) => !existsSync(path) || readFileSync(path, 'utf8') !== text).map(({ path }) => path);
  if (stale.length > 0) {
    console.error(`Out of date: ${stale.join(', ')}. Run \`npm run codegen\`.`);
    process.exit(1);
  }
} else {
  for (const { path, text } of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
