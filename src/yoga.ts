// The GraphQL handler: Yoga with the schema, error masking, logging, limits, CORS,
// authentication and the self-hosted playground.
import { createYoga, useExtendContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createContext, type Caller } from './context.js';
import type { CustomerService } from './customers/service.js';
import { apiKeyCheck, bearerCredential } from './credentials.js';
import { maskError, yogaLogger } from './errors.js';
import { EXAMPLE_OPERATION } from './example.js';
import { useAccessLog } from './plugins/useAccessLog.js';
import { remoteKeySet, useAuth } from './plugins/useAuth.js';
import { useCors } from './plugins/useCors.js';
import { useJsonParamErrors } from './plugins/useJsonParamErrors.js';
import { renderPlayground } from './playground.js';
import { useOperationLimits } from './plugins/useOperationLimits.js';
import { useOperationMetrics } from './plugins/useOperationMetrics.js';
import { useRequestId } from './plugins/useRequestId.js';
import { useOperationSpan } from './plugins/useOperationSpan.js';
import { useTrustedDocuments } from './plugins/useTrustedDocuments.js';
import { schema } from './schema/index.js';
import type { Metrics } from './telemetry/metrics.js';
import { YOGA_TRANSPORT_OPTIONS } from './yoga-options.js';

export function createGraphQLHandler(config: Config, service: CustomerService, metrics: Metrics, logger: Logger) {
  return createYoga({
    schema,
    ...YOGA_TRANSPORT_OPTIONS,
    graphiql: { title: 'customer-graph', defaultQuery: EXAMPLE_OPERATION },
    renderGraphiQL: renderPlayground,
    maskedErrors: { maskError, isDev: false },
    logging: yogaLogger(logger),
    plugins: [
      // First: every answer, refusals included, carries the request id.
      useRequestId(),
      // Before anything that may refuse the request, so that refusals are logged and counted too.
      useAccessLog({ logger }),
      useOperationMetrics({ metrics }),
      // Before useAuth, so that preflights (which carry no credentials) are answered without one.
      useCors({ origins: config.corsOrigins }),
      useAuth({ apiKeys: config.apiKeys, jwt: jwtOptions(config), logger }),
      // After useAuth: the request's reads are charged to its caller.
      useExtendContext(({ caller }: { caller: Caller }) => createContext(service, config.requestDeadlineMs, config.maxEntitiesPerRequest, caller)),
      useJsonParamErrors(),
      ...(config.trustedDocuments ? [useTrustedDocuments({ ...config.trustedDocuments, mayRunAnyDocument: apiKeyCaller(config) })] : []),
      useOperationLimits({ maxMutations: config.maxMutationsPerRequest }),
      // Only with tracing on: off, Yoga runs without the wrapper at all.
      ...(config.tracing ? [useOperationSpan()] : []),
    ],
  });
}

/**
 * Whether a request comes with one of API_KEYS (useAuth has refused an invalid credential already).
 * Those are the operators' and other services' keys, never a bundle's: in `only` mode they may still
 * send any document, since a shipped frontend cannot hold one and a server's documents are not in a
 * frontend's manifest.
 */
function apiKeyCaller({ apiKeys }: Config): (request: Request) => boolean {
  const isApiKey = apiKeyCheck(apiKeys);
  return (request) => isApiKey(bearerCredential(request.headers.get('authorization')) ?? '');
}

/** Tokens are checked against the JWKS, cached; a token with an unknown `kid` refetches it (key rotation), at most once per cooldown. */
function jwtOptions({ jwt }: Config) {
  if (!jwt) return null;
  return { keys: remoteKeySet(jwt.jwksUrl, jwt.jwksCooldownMs), issuer: jwt.issuer, audience: jwt.audience };
}
