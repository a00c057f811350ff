// The schema: every module registers its types on the builder; this file assembles them.
import { printSubgraphSchema } from '@apollo/subgraph';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './customer.js';
import './customer-connection.js';
import './update-customer.js';
import './customer-changed.js';
import { describeFederationParts, guardFederationFields } from './federation.js';

/** The served schema: the API plus the federation fields `_service` and `_entities`. */
export const schema = describeFederationParts(
  guardFederationFields(
    builder.toSubGraphSchema({
      linkUrl: 'https://specs.apollo.dev/federation/v2.6',
      federationDirectives: ['@key'],
    }),
  ),
);

/** schema/schema.graphql: the full served SDL, sorted so diffs stay readable. */
export function printedSchema(): string {
  return printSchema(lexicographicSortSchema(schema));
}

/** schema/subgraph.graphql: the subgraph SDL a gateway composes (what `_service { sdl }` answers). */
export function printedSubgraphSchema(): string {
  return printSubgraphSchema(lexicographicSortSchema(schema));
}
