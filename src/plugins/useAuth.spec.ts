// useAuth in-process, through Yoga's fetch: who gets in, what they are told, what is logged.
import { createLocalJWKSet, SignJWT, UnsecuredJWT, type JWTVerifyGetKey } from 'jose';
import { createSchema, createYoga } from 'graphql-yoga';
import { pino } from 'pino';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GraphQLAnswer, graphqlAnswer, LogLine } from '../../support/answer.js';
import { AUDIENCE, fromNow, ISSUER, jwksOf, signingKey, token, type SigningKey } from '../../test/support/jwt.js';
import type { Caller } from '../context.js';
import { currentRequestScope, runInRequestScope } from '../telemetry/request-scope.js';
import { useAuth, type AuthOptions } from './useAuth.js';

const API_KEY = 'ak_live_0123456789abcdef';

/** A schema that answers who the caller is. */
const schema = createSchema<{ caller: Caller }>({
  typeDefs: 'type Query { caller: String } type Mutation { write: Boolean }',
  resolvers: {
    Query: {
      caller: (_root, _args, { caller }) =>
        JSON.stringify({ ...caller, scopes: caller.scopes && [...caller.scopes], sources: caller.sources && [...caller.sources] }),
    },
    Mutation: { write: () => true },
  },
});

let logLines: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(LogLine.parse(JSON.parse(line))) });

function server(options: Omit<AuthOptions, 'logger'>, graphiql = true) {
  return createYoga({ schema, graphiql, logging: false, plugins: [useAuth({ ...options, logger })] });
}

type Yoga = ReturnType<typeof server>;

const CallerAnswer = graphqlAnswer(z.object({ caller: z.string().nullish() }));
/** Runs `asking` as one request (useRequestId's scope); answers its answer and the refusal useAuth noted for the access line. */
function refusedIn<T>(asking: () => Promise<T>) {
  return runInRequestScope('req-1', async () => ({ ...(await asking()), refusal: currentRequestScope()!.refusal }));
}

async function ask(yoga: Yoga, headers: Record<string, string> = {}, query = '{ caller }') {
  const res = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const body = CallerAnswer.parse(await res.json());
  const caller = body.data?.caller ? z.record(z.string(), z.unknown()).parse(JSON.parse(body.data.caller)) : null;
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body, caller };
}

let rsa: SigningKey;
let ec: SigningKey;
let stranger: SigningKey;
let es384: SigningKey;
let keys: JWTVerifyGetKey;

beforeAll(async () => {
  [rsa, ec, es384] = await Promise.all([signingKey('RS256', 'rsa-1'), signingKey('ES256', 'ec-1'), signingKey('ES384', 'ec384-1')]);
  // Same kid as `rsa`, another key: a forged signature.
  stranger = await signingKey('RS256', 'rsa-1');
  // The key set also publishes an ES384 key: its tokens verify, but only RS256 and ES256 are accepted.
  keys = createLocalJWKSet(jwksOf(rsa, ec, es384));
});

beforeEach(() => {
  logLines = [];
});

describe('useAuth without configuration', () => {
  it('lets everyone in with full access', async () => {
    const { status, caller } = await ask(server({}));
    expect(status).toBe(200);
    expect(caller).toEqual({ kind: 'open', subject: null, scopes: null, sources: null, key: null });
  });
});

describe('useAuth with API keys', () => {
  const yoga = () => server({ apiKeys: ['another-key', API_KEY] });

  it('gives a known key full access, whatever the case of "Bearer"', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const { status, caller } = await ask(yoga(), { authorization: `${scheme} ${API_KEY}` });
      expect(status).toBe(200);
      expect(caller).toEqual({ kind: 'api-key', subject: null, scopes: null, sources: null, key: expect.stringMatching(/^api-key:[0-9a-f]{24}$/) });
    }
  });

  it('gives each key its own key for its share of the budgets, which does not contain the API key', async () => {
    const keyOf = async (apiKey: string) => (await ask(yoga(), { authorization: `Bearer ${apiKey}` })).caller?.key;
    const [one, other] = [await keyOf(API_KEY), await keyOf('another-key')];
    expect(one).not.toBe(other);
    expect(await keyOf(API_KEY)).toBe(one);
    expect(String(one)).not.toContain(API_KEY.slice(0, 8));
  });

  it('refuses no credentials with 401, a Bearer challenge and what to send', async () => {
    const { status, challenge, body } = await ask(yoga());
    expect(status).toBe(401);
    expect(challenge).toBe('Bearer');
    expect(body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0]!.message).toContain('"Authorization: Bearer <credential>"');
    expect(body.errors![0]!.message).toContain('no credentials were sent');
  });

  it('refuses a wrong key, a key that only starts right, and another scheme, never echoing them', async () => {
    for (const authorization of [`Bearer ${API_KEY}x`, `Bearer ${API_KEY.slice(0, -1)}`, `Basic ${API_KEY}`, API_KEY]) {
      const { status, challenge, body } = await ask(yoga(), { authorization });
      expect(status, authorization).toBe(401);
      expect(challenge).toBe('Bearer error="invalid_token"');
      expect(JSON.stringify(body)).not.toContain(API_KEY.slice(0, 12));
    }
  });

  it('closes the old text/html bypass: a POST is refused whatever it accepts, before it runs', async () => {
    for (const accept of ['text/html, application/json', 'text/html']) {
      const res = await yoga().fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: 'mutation { write }' }),
      });
      expect(res.status, accept).toBe(401);
      expect(GraphQLAnswer.parse(await res.json()).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('serves the GraphiQL page to a GET asking for HTML without credentials', async () => {
    const res = await yoga().fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<html');
  });

  it('never runs an operation for such a GET when no GraphiQL page answers it', async () => {
    const noGraphiQL = server({ apiKeys: [API_KEY] }, false);
    const res = await noGraphiQL.fetch('http://test/graphql?query=%7Bcaller%7D', { headers: { accept: 'text/html, application/json' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const body = GraphQLAnswer.parse(await res.json());
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it("gives the request's access line the reason of a 401, never the credential, and logs nothing itself", async () => {
    const { refusal } = await refusedIn(() => ask(yoga(), { authorization: 'Bearer not-the-key-1234' }));
    expect(refusal).toEqual({ code: 'UNAUTHENTICATED', reason: 'the API key is not valid' });
    expect(logLines).toEqual([]);
  });
});

describe('useAuth with JWTs', () => {
  const yoga = (extra: Partial<AuthOptions> = {}) => server({ jwt: { keys, issuer: ISSUER, audience: AUDIENCE }, ...extra });
  const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

  it('accepts RS256 and ES256 tokens; scopes, sources and subject go into the context', async () => {
    for (const key of [rsa, ec]) {
      const jwt = await token(key, { scope: 'customers:read  customers:write', customer_sources: ['flowglad'] });
      const { status, caller } = await ask(yoga(), bearer(jwt));
      expect(status, key.alg).toBe(200);
      expect(caller).toEqual({
        kind: 'jwt',
        subject: 'test-client',
        scopes: ['customers:read', 'customers:write'],
        sources: ['flowglad'],
        key: expect.stringMatching(/^jwt:[0-9a-f]{24}$/),
      });
    }
  });

  it("gives each subject its own key for its share of the budgets, whatever the token's other claims", async () => {
    const keyOf = async (claims: Record<string, unknown>) => (await ask(yoga(), bearer(await token(rsa, claims)))).caller?.key;
    const alice = await keyOf({ sub: 'alice', scope: 'customers:read' });
    expect(await keyOf({ sub: 'alice', scope: 'customers:write' })).toBe(alice);
    expect(await keyOf({ sub: 'bob' })).not.toBe(alice);
    expect(alice).not.toContain('alice');
  });

  it('reads a token without scope or customer_sources as no scopes and every source', async () => {
    const { caller } = await ask(yoga(), bearer(await token(rsa)));
    expect(caller).toMatchObject({ scopes: [], sources: null });
  });

  it('allows 30 seconds of clock skew, not more', async () => {
    expect((await ask(yoga(), bearer(await token(rsa, { exp: fromNow(-20) })))).status).toBe(200);
    expect((await ask(yoga(), bearer(await token(rsa, { nbf: fromNow(20) })))).status).toBe(200);
    expect((await ask(yoga(), bearer(await token(rsa, { exp: fromNow(-40) })))).status).toBe(401);
  });

  const refused: [string, () => Promise<string>, string][] = [
    ['garbage', async () => 'garbage', 'not a well-formed token'],
    ['expired', () => token(rsa, { exp: fromNow(-120) }), 'the token has expired'],
    ['not yet valid', () => token(rsa, { nbf: fromNow(120) }), 'not valid yet (nbf)'],
    ['without exp', () => token(ec, { exp: undefined }), 'the token has no "exp" claim'],
    ['another issuer', () => token(rsa, { iss: 'https://evil.example/' }), 'another issuer (iss)'],
    ['another audience', () => token(ec, { aud: 'someone-else' }), 'another audience (aud)'],
    ['a forged signature', () => token(stranger), 'signature does not verify'],
    ['an unknown kid', () => token(rsa, {}, { kid: 'rsa-2' }), 'signing key (kid) is not in the key set'],
    [
      'HS256',
      () =>
        new SignJWT({ iss: ISSUER, aud: AUDIENCE, exp: fromNow(300) })
          .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
          .sign(new TextEncoder().encode('a shared secret of at least 32 bytes!')),
      'not signed with RS256 or ES256',
    ],
    ['ES384, though its key is in the key set', () => token(es384), 'not signed with RS256 or ES256'],
    ['alg none', async () => new UnsecuredJWT({ iss: ISSUER, aud: AUDIENCE, exp: fromNow(300) }).encode(), 'not signed with RS256 or ES256'],
    ['a scope that is not a string', () => token(rsa, { scope: ['customers:read'] }), '"scope" claim must be a space-separated string'],
    ['customer_sources that is not a list', () => token(rsa, { customer_sources: 'flowglad' }), '"customer_sources" claim must be an array'],
  ];

  it.each(refused)('refuses a token that is %s with 401 UNAUTHENTICATED naming why, never echoing it', async (_name, make, reason) => {
    const jwt = await make();
    const { status, challenge, body, refusal } = await refusedIn(() => ask(yoga(), bearer(jwt)));
    expect(status).toBe(401);
    expect(challenge).toBe('Bearer error="invalid_token"');
    expect(body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0]!.message).toContain(reason);
    expect(JSON.stringify(body)).not.toContain(jwt.split('.')[1] ?? jwt);
    expect(refusal!.reason).toContain(reason);
    expect(JSON.stringify(refusal)).not.toContain(jwt.split('.')[1] ?? jwt);
  });

  it('with API keys as well, takes either', async () => {
    const both = yoga({ apiKeys: [API_KEY] });
    expect((await ask(both, bearer(API_KEY))).caller).toMatchObject({ kind: 'api-key' });
    expect((await ask(both, bearer(await token(ec, { scope: 'customers:read' })))).caller).toMatchObject({ kind: 'jwt' });
    expect((await ask(both, bearer('nope'))).body.errors![0]!.message).toContain('neither a known API key nor a well-formed token');
  });

  it('answers 503 AUTH_UNAVAILABLE, logged as a warning, when the key set cannot be fetched', async () => {
    const unreachable: JWTVerifyGetKey = () => Promise.reject(new TypeError('fetch failed'));
    const { status, challenge, body } = await ask(server({ jwt: { keys: unreachable, issuer: ISSUER, audience: AUDIENCE } }), bearer(await token(rsa)));
    expect(status).toBe(503);
    expect(challenge).toBeNull();
    expect(body.errors![0]!.extensions.code).toBe('AUTH_UNAVAILABLE');
    expect(logLines[0]).toMatchObject({ level: 40, cause: 'fetch failed' });
  });
});
