// The SchemaBuilder and its plugins, nothing else.
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import type { Context } from '../context.js';
import { fromZodIssues } from '../customers/user-error.js';
import { relayOptions } from './relay.js';
import { forbiddenMessage, scopesOf, type AccessScopes } from './access.js';
import InvalidInputPayloadPlugin, { InvalidInputError } from './input-errors-plugin.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AccessScopes;
  DefaultAuthStrategy: 'all';
  // Connections never hold null edges or nodes, and can say how many items the source has.
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Connection: { totalCount: number | null };
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // Order matters: the first plugin wraps the others. Relay first, so rules see `node(id)`'s ID
  // decoded; then scope-auth, so a refused caller learns nothing from validation and reaches no
  // resolver; input errors wrap zod's validation.
  plugins: [RelayPlugin, ScopeAuthPlugin, InvalidInputPayloadPlugin, ZodPlugin, DirectivesPlugin, FederationPlugin],
  scopeAuth: {
    // A rule lists everything it needs: the type's scope and the field's source.
    defaultStrategy: 'all',
    // A subscription's rules run once, when it subscribes (as customer(id)'s do), not on each event.
    authorizeOnSubscribe: true,
    authScopes: (context) => scopesOf(context.caller),
    unauthorizedError: (_parent, _context, _info, { failure }) => forbiddenMessage(failure),
  },
  zod: { validationError: (error) => new InvalidInputError(fromZodIssues(error.issues)) },
  relay: relayOptions,
});
