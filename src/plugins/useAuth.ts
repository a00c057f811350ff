// Authentication: who is calling, from `Authorization: Bearer <API key or JWT>`, into the context.
// What the caller may do is decided in the schema (src/schema/access.ts), not here.
import { createHash } from 'node:crypto';
import { createGraphQLError, shouldRenderGraphiQL, type Plugin } from 'graphql-yoga';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { Caller } from '../context.js';
import { apiKeyIndex, bearerCredential } from '../credentials.js';
import { jsonError } from '../errors.js';
import { currentRequestScope } from '../telemetry/request-scope.js';

export interface JwtOptions {
  /** Finds the verification key for a token (yoga.ts: remoteKeySet over AUTH_JWKS_URL). */
  keys: JWTVerifyGetKey;
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must include. */
  audience: string;
  /**
   * Clock skew allowed on `exp` and `nbf`, in seconds.
   * @default 30
   */
  clockToleranceSeconds?: number;
}

export interface AuthOptions {
  /**
   * Static keys, each with full access.
   * @default []
   */
  apiKeys?: readonly string[];
  /**
   * Accept JWT bearer tokens (RS256 or ES256 only); null: none is accepted.
   * @default null
   */
  jwt?: JwtOptions | null;
  /**
   * Where a refusal of ours (503: the key set cannot be fetched) is logged as a warning. Every
   * refusal's reason, never the credential, goes on the request's access line (useAccessLog).
   */
  logger: Pick<Logger, 'warn'>;
}

/**
 * While fetching the key set fails, the most often it is tried again. Tokens in between are
 * refused (503) at once: without it every token was one more fetch from an identity provider
 * that is already failing (20 tokens, 20 fetches).
 */
const FAILED_FETCH_RETRY_MS = 1000;

/**
 * The key set at `url`, cached (jose's createRemoteJWKSet, one per process): a token with an
 * unknown `kid` fetches it again at most once per `cooldownMs`, and a failed fetch is retried
 * at most once per FAILED_FETCH_RETRY_MS, whatever the tokens say.
 */
export function remoteKeySet(url: URL, cooldownMs: number): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url, { cooldownDuration: cooldownMs });
  let failure: { at: number; error: unknown } | null = null;
  return async (header, token) => {
    // A set that is not fresh is fetched by the call.
    if (failure && !remote.fresh && performance.now() - failure.at < FAILED_FETCH_RETRY_MS) throw failure.error;
    try {
      return await remote(header, token);
    } catch (error) {
      // Still not fresh after the call: the fetch failed (a token's own fault leaves the set fresh).
      if (!remote.fresh) failure = { at: performance.now(), error };
      throw error;
    }
  };
}

const OPEN: Caller = { kind: 'open', subject: null, scopes: null, sources: null, key: null };
const ALGORITHMS = ['RS256', 'ES256'];

/** Why a request is refused: said to the caller and logged. */
interface Refusal {
  status: 401 | 503;
  code: 'UNAUTHENTICATED' | 'AUTH_UNAVAILABLE';
  reason: string;
  /** For the log only: what went wrong on our side (503). */
  cause?: string;
}

const unauthenticated = (reason: string): Refusal => ({ status: 401, code: 'UNAUTHENTICATED', reason });

/** jose's codes for a token that is the caller's problem; any other failure is ours (the key set could not be fetched). */
const CALLER_ERRORS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'the token has expired',
  ERR_JOSE_ALG_NOT_ALLOWED: 'the token is not signed with RS256 or ES256',
  ERR_JOSE_NOT_SUPPORTED: 'the token is not signed with RS256 or ES256',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: "the token's signature does not verify",
  ERR_JWKS_NO_MATCHING_KEY: "the token's signing key (kid) is not in the key set",
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'the token names no signing key (kid) and several would match',
  ERR_JWS_INVALID: 'the credential is not a well-formed token',
  ERR_JWT_INVALID: 'the credential is not a well-formed token',
};

const CLAIM_ERRORS: Record<string, string> = {
  nbf: 'the token is not valid yet (nbf)',
  iss: 'the token comes from another issuer (iss)',
  aud: 'the token is meant for another audience (aud)',
};

/** Why jose refused a token, for the caller; null when the fault is ours. */
function tokenProblem(error: unknown): string | null {
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const { claim, reason } = error;
    return reason === 'missing' ? `the token has no "${claim}" claim` : (CLAIM_ERRORS[claim] ?? `the token's "${claim}" claim is not acceptable`);
  }
  return (error instanceof joseErrors.JOSEError && CALLER_ERRORS[error.code]) || null;
}

/** A claim's value as a list of names, or null when it is not one. */
function sourceList(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const names = value.filter((item): item is string => typeof item === 'string');
  return names.length === value.length ? names : null;
}

/**
 * A caller's identity for its share of the budgets: short (a Redis key's part), the same on every
 * replica, and saying nothing of the credential or the subject.
 */
const callerKey = (kind: 'api-key' | 'jwt', identity: string) =>
  `${kind}:${createHash('sha256').update(`customer-graph caller\u0000${identity}`).digest('hex').slice(0, 24)}`;

/** The caller a verified token describes, or why its claims are unusable. */
function callerFromClaims(claims: JWTPayload): Caller | Refusal {
  const { iss, sub, scope, customer_sources: sources } = claims;
  if (scope !== undefined && typeof scope !== 'string') return unauthenticated('the token\'s "scope" claim must be a space-separated string');
  const sourceNames = sources === undefined ? null : sourceList(sources);
  if (sources !== undefined && !sourceNames) {
    return unauthenticated('the token\'s "customer_sources" claim must be an array of source names');
  }
  return {
    kind: 'jwt',
    subject: typeof sub === 'string' ? sub : null,
    // Tokens without a `sub` share one share.
    key: callerKey('jwt', `${iss ?? ''}\u0000${typeof sub === 'string' ? sub : ''}`),
    scopes: new Set((scope ?? '').split(' ').filter(Boolean)),
    sources: sourceNames && new Set(sourceNames),
  };
}

/**
 * Authenticates every GraphQL request. With neither API keys nor JWT configured, everyone is
 * a caller with full access (the embedded default). Otherwise every request needs
 * `Authorization: Bearer <credential>` whatever its other headers; only GraphiQL's page (a
 * GET asking for HTML) is served without one.
 * Refusals are answered here, before Yoga parses anything: 401 UNAUTHENTICATED with
 * `WWW-Authenticate: Bearer`, or 503 AUTH_UNAVAILABLE when the key set cannot be fetched.
 * The caller goes into the context as `caller`.
 */
export function useAuth({ apiKeys = [], jwt = null, logger }: AuthOptions): Plugin<{ caller: Caller }> {
  if (apiKeys.length === 0 && !jwt) return { onContextBuilding: ({ extendContext }) => extendContext({ caller: OPEN }) };

  const apiKeyOf = apiKeyIndex(apiKeys);
  const apiKeyCallers = apiKeys.map((key): Caller => ({ kind: 'api-key', subject: null, scopes: null, sources: null, key: callerKey('api-key', key) }));
  const credential = apiKeys.length === 0 ? 'token' : jwt ? 'API key or token' : 'API key';
  const callers = new WeakMap<Request, Caller>();

  async function authenticate(header: string | null): Promise<Caller | Refusal> {
    if (!header) return unauthenticated('no credentials were sent');
    const given = bearerCredential(header);
    if (!given) return unauthenticated('the Authorization header is not "Bearer <credential>"');
    const apiKey = apiKeyCallers[apiKeyOf(given)];
    if (apiKey) return apiKey;
    if (!jwt) return unauthenticated('the API key is not valid');
    try {
      const { payload } = await jwtVerify(given, jwt.keys, {
        issuer: jwt.issuer,
        audience: jwt.audience,
        algorithms: ALGORITHMS,
        clockTolerance: jwt.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp'],
      });
      return callerFromClaims(payload);
    } catch (error) {
      const problem = tokenProblem(error);
      if (problem)
        return unauthenticated(
          apiKeys.length > 0 && problem.endsWith('well-formed token') ? 'the credential is neither a known API key nor a well-formed token' : problem,
        );
      return {
        status: 503,
        code: 'AUTH_UNAVAILABLE',
        reason: 'tokens cannot be verified right now (the signing keys could not be fetched); retry shortly',
        cause: error instanceof Error ? error.message : String(error),
      };
    }
  }

  const message = (refusal: Refusal) =>
    refusal.status === 401
      ? `Not authenticated: ${refusal.reason}. Send a valid ${credential} as "Authorization: Bearer <credential>".`
      : `Not authenticated: ${refusal.reason}.`;

  const log = ({ status, code, reason, cause }: Refusal) => {
    const scope = currentRequestScope();
    if (scope) scope.refusal = { code, reason };
    if (status === 503) logger.warn({ status, code, reason, cause }, 'request refused');
  };

  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const header = request.headers.get('authorization');
      // GraphiQL's page (Yoga serves it before this hook runs) is public; the queries it sends are not.
      if (!header && shouldRenderGraphiQL(request)) return;
      return authenticate(header).then((result) => {
        if ('kind' in result) {
          callers.set(request, result);
          return;
        }
        log(result);
        const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
        if (result.status === 401) headers['www-authenticate'] = header ? 'Bearer error="invalid_token"' : 'Bearer';
        endResponse(new fetchAPI.Response(jsonError(message(result), result.code), { status: result.status, headers }));
      });
    },
    onContextBuilding({ context, extendContext }) {
      const caller = callers.get(context.request);
      if (!caller) {
        // Let through above for GraphiQL's page, but no page answered it: it runs nothing.
        const refusal = unauthenticated('no credentials were sent');
        log(refusal);
        throw createGraphQLError(message(refusal), {
          extensions: { code: refusal.code, http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
        });
      }
      extendContext({ caller });
    },
  };
}
