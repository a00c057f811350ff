// Access over real processes: the server with API_KEYS and AUTH_* set, its key set served over
// HTTP by this test. Who gets in (401 otherwise), what each token may do (FORBIDDEN otherwise),
// and that nothing refused reaches a backend.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { composeSubgraphs } from '../scripts/composition.js';
import { startGatewayWith } from './federation/gateway.js';
import { CustomerDocument, EntitiesDocument, ServiceSdlDocument, UpdateCustomerDocument } from './generated/graphql.js';
import { AUDIENCE, bearer, fromNow, ISSUER, jwksOf, serveJwks, signingKey, token, type SigningKey } from './support/jwt.js';
import { sourcesEnv, startServerProcess } from '../support/processes.js';
import { GraphQLClient, globalId, timed, useStack, type GraphQLResult } from './support/stack.js';

const API_KEY = 'ak_test_full_access_0123456789';
/** The shortest the server allows, so that the rotation below waits little. */
const COOLDOWN_MS = 1000;
const env: Record<string, string> = { API_KEYS: API_KEY, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS) };

let rsa: SigningKey;
let ec: SigningKey;
let jwks: Awaited<ReturnType<typeof serveJwks>>;

// Registered before useStack's hook, so the server starts with the key set's URL.
beforeAll(async () => {
  [rsa, ec] = await Promise.all([signingKey('RS256', 'rsa-1'), signingKey('ES256', 'ec-1')]);
  jwks = await serveJwks(jwksOf(rsa, ec));
  env.AUTH_JWKS_URL = jwks.url;
});
afterAll(() => jwks?.close());

const stack = useStack(env);

const acme = globalId('flowglad', 'acme-corp');
const emma = globalId('flexportal', 'cus_1001');
const rename = (id: string, name: string) => ({ input: { id, name } });

/** Every request any emulator saw (reads included). */
const backendRequests = async () => [...(await stack.flowglad.requests()), ...(await stack.flexportal.requests())];
const backendWrites = async () => [...(await stack.flowglad.writes()), ...(await stack.flexportal.writes())];

const codes = (result: GraphQLResult<unknown>) => (result.errors ?? []).map((error) => error.extensions?.code);

function expectForbidden(result: GraphQLResult<unknown>, missing: string) {
  expect(result.status).toBe(200);
  expect(codes(result)).toEqual(['FORBIDDEN']);
  expect(result.errors![0]!.message).toBe(`Forbidden: your credentials lack ${missing}.`);
}

describe('authentication', () => {
  const invalid: [string, () => Promise<Record<string, string>>][] = [
    ['no token', async () => ({})],
    ['garbage', async () => bearer('garbage')],
    ['a bad signature', async () => bearer(`${(await token(rsa, { scope: 'customers:write' })).slice(0, -6)}AAAAAA`)],
    ['an expired token (beyond the skew)', async () => bearer(await token(rsa, { scope: 'customers:write', exp: fromNow(-120) }))],
    ['nbf in the future', async () => bearer(await token(ec, { scope: 'customers:write', nbf: fromNow(120) }))],
    ['another issuer', async () => bearer(await token(ec, { scope: 'customers:write', iss: 'https://evil.example/' }))],
    ['another audience', async () => bearer(await token(rsa, { scope: 'customers:write', aud: 'another-api' }))],
    [
      'HS256',
      async () =>
        bearer(
          await new SignJWT({ iss: ISSUER, aud: AUDIENCE, exp: fromNow(300), scope: 'customers:write' })
            .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
            .sign(new TextEncoder().encode('thirty-two bytes of shared secret!')),
        ),
    ],
    ['alg none', async () => bearer(new UnsecuredJWT({ iss: ISSUER, aud: AUDIENCE, exp: fromNow(300), scope: 'customers:write' }).encode())],
  ];

  it.each(invalid)('refuses %s with 401 UNAUTHENTICATED; nothing reaches a backend', async (_name, headers) => {
    const result = await stack.graphql.execute(UpdateCustomerDocument, rename(acme, 'Mallory'), await headers());
    expect(result.status).toBe(401);
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.errors![0]!.message).toContain('"Authorization: Bearer <credential>"');
    expect(await backendRequests()).toEqual([]);
  });

  it('refuses a mutation without credentials whatever its Accept header: nothing written', async () => {
    for (const accept of ['text/html, application/json', 'text/html']) {
      const res = await fetch(stack.graphql.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: `mutation { updateCustomer(input: { id: "${acme}", name: "Mallory" }) { customer { name } } }` }),
      });
      expect(res.status, accept).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(await backendRequests()).toEqual([]);
    expect((await stack.flowglad.record('acme-corp')).name).toBe('Wile Coyote');
  });

  it('serves the GraphiQL page to a browser without credentials', async () => {
    const res = await fetch(stack.graphql.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('customer-graph');
  });

  it('gives an API key full access', async () => {
    const read = await stack.graphql.execute(CustomerDocument, { id: emma }, bearer(API_KEY));
    expect(read.data!.customer!.name).toBe('Emma Larsson');
    const written = await stack.graphql.execute(UpdateCustomerDocument, rename(acme, 'Road Runner'), bearer(API_KEY));
    expect(written.data!.updateCustomer.userErrors).toEqual([]);
    expect((await stack.flowglad.record('acme-corp')).name).toBe('Road Runner');
  });

  it('fetches the key set once for many tokens, and follows a key rotation without a restart', async () => {
    const before = jwks.fetches();
    for (const key of [rsa, ec, rsa, ec]) {
      const result = await stack.graphql.execute(CustomerDocument, { id: acme }, bearer(await token(key, { scope: 'customers:read' })));
      expect(result.data!.customer!.name).toBe('Wile Coyote');
    }
    expect(jwks.fetches() - before).toBeLessThanOrEqual(1);

    const rotated = await signingKey('RS256', 'rsa-2');
    jwks.set(jwksOf(ec, rotated));
    // An unknown kid refetches the set only once the cooldown since the last fetch is over.
    await sleep(COOLDOWN_MS);
    const fresh = await stack.graphql.execute(CustomerDocument, { id: acme }, bearer(await token(rotated, { scope: 'customers:read' })));
    expect(fresh.status).toBe(200);
    expect(fresh.data!.customer!.name).toBe('Wile Coyote');
    // rsa-1 is no longer published: its tokens stop working.
    const retired = await stack.graphql.execute(CustomerDocument, { id: acme }, bearer(await token(rsa, { scope: 'customers:read' })));
    expect(retired.status).toBe(401);
    expect(retired.errors![0]!.message).toContain('signing key (kid) is not in the key set');
    jwks.set(jwksOf(rsa, ec));
    // So that the next test's rsa-1 token may fetch the restored set.
    await sleep(COOLDOWN_MS);
  });

  it('fetches the key set at most once per cooldown however many tokens name a kid it lacks, refusing each as UNAUTHENTICATED', async () => {
    const cooldownMs = 2000;
    const published = await signingKey('RS256', 'published');
    const stranger = await signingKey('RS256', 'unknown-kid');
    const lacking = await serveJwks(jwksOf(published));
    const server = await startServerProcess({
      ...sourcesEnv({ flowglad: stack.flowglad.url, flexportal: stack.flexportal.url }),
      AUTH_JWKS_URL: lacking.url,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_JWKS_COOLDOWN_MS: String(cooldownMs),
    });
    try {
      const client = new GraphQLClient(server.url);
      // 20 tokens over about 1.5 cooldowns: the first fetches the set, one after the cooldown may fetch it again.
      const [results, elapsedMs] = await timed(async () => {
        const answers: GraphQLResult<unknown>[] = [];
        for (let i = 0; i < 20; i++) {
          answers.push(await client.raw({ query: '{ __typename }' }, bearer(await token(stranger, { scope: 'customers:read' }))));
          await sleep(150);
        }
        return answers;
      });
      for (const result of results) {
        expect(result.status).toBe(401);
        expect(codes(result)).toEqual(['UNAUTHENTICATED']);
        expect(result.errors![0]!.message).toContain('signing key (kid) is not in the key set');
      }
      expect(lacking.fetches()).toBeGreaterThanOrEqual(1);
      // One fetch per cooldown begun: 2 when the 20 tokens took under two cooldowns, as they should.
      expect(lacking.fetches()).toBeLessThanOrEqual(1 + Math.floor(elapsedMs / cooldownMs));
      if (elapsedMs < 2 * cooldownMs) expect(lacking.fetches()).toBeLessThanOrEqual(2);
    } finally {
      await server.process.stop();
      await lacking.close();
    }
  });

  it('while the key set cannot be fetched, refuses tokens with 503 AUTH_UNAVAILABLE, fetching it at most once a second, and recovers by itself', async () => {
    const key = await signingKey('ES256', 'ec-down');
    const idp = await serveJwks(jwksOf(key));
    idp.fail(true);
    const server = await startServerProcess({
      ...sourcesEnv({ flowglad: stack.flowglad.url, flexportal: stack.flexportal.url }),
      AUTH_JWKS_URL: idp.url,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
    });
    try {
      const client = new GraphQLClient(server.url);
      const ask = async () => client.raw({ query: '{ __typename }' }, bearer(await token(key, { scope: 'customers:read' })));
      const [results, elapsedMs] = await timed(async () => {
        const answers: GraphQLResult<unknown>[] = [];
        for (let i = 0; i < 20; i++) {
          answers.push(await ask());
          await sleep(100);
        }
        return answers;
      });
      for (const result of results) {
        expect(result.status).toBe(503);
        expect(codes(result)).toEqual(['AUTH_UNAVAILABLE']);
      }
      // Before: one fetch per token (20).
      expect(idp.fetches()).toBeLessThanOrEqual(1 + Math.floor(elapsedMs / 1000));
      expect(idp.fetches()).toBeLessThan(20);

      idp.fail(false);
      await sleep(1000);
      const healed = await ask();
      expect(healed.status).toBe(200);
      expect(healed.data).toEqual({ __typename: 'Query' });
    } finally {
      await server.process.stop();
      await idp.close();
    }
  });
});

describe('authorization', () => {
  const reader = () => token(rsa, { scope: 'customers:read' });
  const writer = () => token(ec, { scope: 'customers:write' });
  const flowgladOnly = () => token(rsa, { scope: 'customers:read customers:write', customer_sources: ['flowglad'] });

  it('lets a read-only token query, and refuses its updateCustomer naming customers:write; nothing written', async () => {
    const headers = bearer(await reader());
    expect((await stack.graphql.execute(CustomerDocument, { id: acme }, headers)).data!.customer!.name).toBe('Wile Coyote');
    const refused = await stack.graphql.execute(UpdateCustomerDocument, rename(acme, 'Mallory'), headers);
    expectForbidden(refused, 'the scope customers:write');
    expect(refused.data).toBeNull();
    expect(await backendWrites()).toEqual([]);
  });

  it('refuses every read of a write-only token naming customers:read, _entities and _service included', async () => {
    const headers = bearer(await writer());
    expectForbidden(await stack.graphql.execute(CustomerDocument, { id: acme }, headers), 'the scope customers:read');
    const list = await stack.graphql.raw({ query: '{ customers(source: "flowglad") { totalCount } }' }, headers);
    expectForbidden(list, 'the scope customers:read');
    const entities = await stack.graphql.execute(EntitiesDocument, { representations: [{ __typename: 'Customer', id: acme }] }, headers);
    expectForbidden(entities, 'the scope customers:read');
    expectForbidden(await stack.graphql.execute(ServiceSdlDocument, {}, headers), 'the scope customers:read');
    expect(await backendRequests()).toEqual([]);
  });

  it('lets customer_sources ["flowglad"] read and update flowglad customers', async () => {
    const headers = bearer(await flowgladOnly());
    expect((await stack.graphql.execute(CustomerDocument, { id: acme }, headers)).data!.customer!.name).toBe('Wile Coyote');
    const list = await stack.graphql.raw({ query: '{ customers(source: "flowglad", first: 2) { nodes { externalId } } }' }, headers);
    expect(list.errors).toBeUndefined();
    const written = await stack.graphql.execute(UpdateCustomerDocument, rename(acme, 'Road Runner'), headers);
    expect(written.data!.updateCustomer.customer!.name).toBe('Road Runner');
    expect((await stack.flowglad.record('acme-corp')).name).toBe('Road Runner');
  });

  it('refuses customer_sources ["flowglad"] every way into flexportal, naming the source; flexportal never called', async () => {
    const headers = bearer(await flowgladOnly());
    const reads = [
      { query: 'query ($id: ID!) { customer(id: $id) { name } }', variables: { id: emma } },
      { query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: emma } },
      { query: '{ customerByExternalId(source: "flexportal", externalId: "cus_1001") { name } }' },
      { query: '{ customers(source: "flexportal") { totalCount } }' },
      { query: 'mutation ($id: ID!) { updateCustomer(input: { id: $id, name: "Eve Mallory" }) { customer { name } } }', variables: { id: emma } },
    ];
    for (const body of reads) expectForbidden(await stack.graphql.raw(body, headers), 'access to source flexportal');
    expect(await stack.flexportal.requests()).toEqual([]);
    expect((await stack.flexportal.record('cus_1001')).firstName).toBe('Emma');
  });

  it('answers an allowed and a forbidden customer in one query with partial data and one FORBIDDEN error', async () => {
    const query = 'query ($a: ID!, $b: ID!) { allowed: customer(id: $a) { name } refused: customer(id: $b) { name } }';
    const result = await stack.graphql.raw({ query, variables: { a: acme, b: emma } }, bearer(await flowgladOnly()));
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ allowed: { name: 'Wile Coyote' }, refused: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['refused'], extensions: { code: 'FORBIDDEN' } });
    expect(result.errors![0]!.message).toContain('access to source flexportal');
  });

  it('resolves _entities of allowed sources and nulls each forbidden one with its own error', async () => {
    const ids = [acme, emma, globalId('flowglad', 'globex')];
    const representations = ids.map((id) => ({ __typename: 'Customer', id }));
    const result = await stack.graphql.execute(EntitiesDocument, { representations }, bearer(await flowgladOnly()));
    expect(result.data!._entities.map((entity) => (entity && 'name' in entity ? entity.name : null))).toEqual(['Wile Coyote', null, 'Hank Scorpio']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['_entities', 1], extensions: { code: 'FORBIDDEN' } });
    expect(await stack.flexportal.requests()).toEqual([]);
  });

  it('leaves a malformed ID to the resolver: BAD_USER_INPUT, not FORBIDDEN', async () => {
    const result = await stack.graphql.execute(CustomerDocument, { id: 'not-a-customer-id' }, bearer(await flowgladOnly()));
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('logs refusals at info with the reason, never a stack, never the credential', () => {
    const lines = stack.server.output.filter((line) => line.includes('"msg":"request"') && line.includes('"refusal'));
    expect(lines.some((line) => line.includes('"reason":"the token has expired"'))).toBe(true);
    expect(lines.some((line) => line.includes('"code":"FORBIDDEN"'))).toBe(true);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({ level: 30 });
      expect(line).not.toContain('"stack"');
    }
    const output = stack.server.output.join('\n');
    expect(output).not.toContain('unexpected error');
    expect(output).not.toContain(API_KEY);
    expect(output).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});

describe('through Hive Gateway', () => {
  let gateway: Awaited<ReturnType<typeof startGatewayWith>>;
  let client: GraphQLClient;

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
    writeFileSync(file, composeSubgraphs([{ name: 'customers', url: stack.graphql.url, sdl: readFileSync('schema/subgraph.graphql', 'utf8') }]));
    gateway = await startGatewayWith(file, 'test/federation/gateway.config.ts');
    client = new GraphQLClient(gateway.url);
  });
  afterAll(() => gateway?.stop());

  const query = { query: 'query ($id: ID!) { customer(id: $id) { name } }', variables: { id: emma } };

  it('forwards the caller’s token to this service: with it the query answers', async () => {
    const result = await client.raw(query, bearer(await token(ec, { scope: 'customers:read' })));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ customer: { name: 'Emma Larsson' } });
  });

  it('without a token, this service refuses the gateway’s call and no customer comes back', async () => {
    const result = await client.raw(query);
    expect(z.looseObject({ customer: z.unknown() }).nullish().parse(result.data)?.customer ?? null).toBeNull();
    expect(result.errors!.length).toBeGreaterThan(0);
    expect(await stack.flexportal.requests()).toEqual([]);
  });

  it('passes this service’s FORBIDDEN through for a token without the source', async () => {
    const result = await client.raw(query, bearer(await token(rsa, { scope: 'customers:read', customer_sources: ['flowglad'] })));
    expect(result.data).toEqual({ customer: null });
    expect(codes(result)).toEqual(['FORBIDDEN']);
  });
});
