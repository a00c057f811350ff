// `npm run schema`: writes schema/schema.graphql and schema/subgraph.graphql from the code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { schemaFiles } from './schema-files.js';

mkdirSync('schema', { recursive: true });
for (const [path, text] of Object.entries(schemaFiles())) {
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
