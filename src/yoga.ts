// The GraphQL handler: Yoga with the schema, error masking, logging, limits, CORS, optional API
// keys and the self-hosted playground.
import { randomUUID } from 'node:crypto';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createContext } from './context.js';
import type { CustomerService } from './customers/service.js';
import { jsonError, maskError, yogaLogger } from './errors.js';
import { EXAMPLE_OPERATION } from './example.js';
import { useCors } from './plugins/useCors.js';
import { useJsonParamErrors } from './plugins/useJsonParamErrors.js';
import { renderPlayground } from './playground.js';
import { schema } from './schema/index.js';

/** Refuses callers without one of the configured API keys (none configured: everyone may call). */
function useApiKeys(keys: string[]): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.headers.get('accept')?.includes('text/html')) return;
      const given = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
      if (given && keys.includes(given)) return;
      endResponse(
        new fetchAPI.Response(jsonError('Send a valid API key as "Authorization: Bearer <key>".', 'UNAUTHENTICATED'), {
          status: 401,
          headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
        }),
      );
    },
  };
}

export function createGraphQLHandler(config: Config, service: CustomerService, logger: Logger) {
  const armor = new EnvelopArmor({
    maxDepth: { n: 10 },
    maxAliases: { n: 30 },
    costLimit: { maxCost: 20_000 },
    maxTokens: { n: 5_000 },
    // Suggestions help people exploring the (public, introspectable) schema.
    blockFieldSuggestion: { enabled: false },
  });
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // server.ts already refuses bodies over MAX_BODY_BYTES and without a Content-Length, so
    // Yoga's own byte-counting stream (a TransformStream per request) is not needed.
    maxRequestBodySize: false,
    // server.ts only lets JSON bodies through.
    multipart: false,
    // Yoga's CORS grants every origin, with credentials; useCors grants CORS_ORIGINS only.
    cors: false,
    graphiql: { title: 'customer-graph', defaultQuery: EXAMPLE_OPERATION },
    renderGraphiQL: renderPlayground,
    context: ({ request }) => createContext(service, request.headers.get('x-request-id') ?? randomUUID()),
    maskedErrors: { maskError, isDev: false },
    logging: yogaLogger(logger),
    plugins: [
      // First, so that preflights (which carry no API key) are answered before the key check.
      useCors({ origins: config.corsOrigins }),
      ...(config.apiKeys.length > 0 ? [useApiKeys(config.apiKeys)] : []),
      useJsonParamErrors(),
      ...armor.protect().plugins,
    ],
  });
}
