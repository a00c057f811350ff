// The SchemaBuilder and its plugins, nothing else.
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import ZodPlugin from '@pothos/plugin-zod';
import type { Context } from '../context.js';
import { fromZodIssues } from '../customers/user-error.js';
import InvalidInputPayloadPlugin, { InvalidInputError } from './input-errors-plugin.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // Order matters: the first plugin wraps the others, so input errors wrap zod's validation.
  plugins: [InvalidInputPayloadPlugin, ZodPlugin, DirectivesPlugin, FederationPlugin],
  zod: { validationError: (error) => new InvalidInputError(fromZodIssues(error.issues)) },
});
