// `npm run schema`: writes schema/schema.graphql and schema/subgraph.graphql from the code.
// With --check it writes nothing and fails when a committed file differs from the code;
// --dir DIR looks in DIR instead of schema/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printedSchema, printedSubgraphSchema } from '../src/schema/index.js';

const dir = process.argv.includes('--dir') ? process.argv[process.argv.indexOf('--dir') + 1]! : 'schema';
const files: Record<string, string> = {
  [join(dir, 'schema.graphql')]: `${printedSchema()}\n`,
  [join(dir, 'subgraph.graphql')]: `${printedSubgraphSchema()}\n`,
};

if (process.argv.includes('--check')) {
  const stale = Object.entries(files).filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text);
  for (const [path] of stale) console.error(`${path} is stale: run \`npm run schema\` and commit the result.`);
  process.exit(stale.length > 0 ? 1 : 0);
}
mkdirSync(dir, { recursive: true });
for (const [path, text] of Object.entries(files)) {
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
