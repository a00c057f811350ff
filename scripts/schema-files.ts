// The committed schema artifacts and their content as the code prints it now.
import { printedSchema, printedSubgraphSchema } from '../src/schema/index.js';

export function schemaFiles(): Record<string, string> {
  return {
    'schema/schema.graphql': `${printedSchema()}\n`,
    'schema/subgraph.graphql': `${printedSubgraphSchema()}\n`,
  };
}
