// The schema: every module registers its types on the builder; this file assembles them.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './node.js';
import './customer.js';
import './customer-connection.js';
import './update-customer.js';

export const schema = builder.toSchema();

/** The printed SDL, sorted so diffs stay readable. */
export function printedSchema(): string {
  return printSchema(lexicographicSortSchema(schema));
}
