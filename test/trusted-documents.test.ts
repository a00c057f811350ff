// Trusted documents over real processes: the server in `only` mode with the tests' manifest (API
// keys and JWTs both on), in `allow` mode, and behind Hive Gateway. What runs, what is refused
// before anything runs, with which status, code and message, and that no refusal reaches a backend.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { composeSubgraphs } from '../scripts/composition.js';
import { documentIdOf } from '../src/trusted-documents.js';
import { startGatewayWith } from './federation/gateway.js';
import { CustomerDocument, UpdateCustomerDocument } from './generated/graphql.js';
import { AUDIENCE, bearer, ISSUER, jwksOf, serveJwks, signingKey, token, type SigningKey } from './support/jwt.js';
import { GraphQLClient, globalId, type GraphQLResult, type Stack, useStack } from './support/stack.js';

const MANIFEST = 'test/generated/persisted-documents.json';
const API_KEY = 'ak_test_operator_0123456789';
const GATEWAY_KEY = 'ak_test_gateway_0123456789';
const emma = globalId('flexportal', 'cus_1001');
/** A document in no manifest: what a user could send with a token taken out of the browser. */
const ARBITRARY = `{ customer(id: "${emma}") { name email phone } }`;
/** The id the manifest gives CustomerDocument, and the text it holds under it. */
const customerId = Object.entries(z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(MANIFEST, 'utf8')))).find(([, text]) =>
  text.includes('query Customer($id: ID!)'),
)![0];

const env: Record<string, string> = {
  API_KEYS: `${API_KEY},${GATEWAY_KEY}`,
  AUTH_ISSUER: ISSUER,
  AUTH_AUDIENCE: AUDIENCE,
  TRUSTED_DOCUMENTS: MANIFEST,
  TRUSTED_DOCUMENTS_MODE: 'only',
};

let key: SigningKey;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
/** A frontend user's credentials: a token with both scopes. */
let user: Record<string, string>;

// Registered before useStack's hook, so the server starts with the key set's URL.
beforeAll(async () => {
  key = await signingKey('ES256', 'ec-1');
  jwks = await serveJwks(jwksOf(key));
  env.AUTH_JWKS_URL = jwks.url;
  user = bearer(await token(key, { scope: 'customers:read customers:write' }));
});
afterAll(() => jwks?.close());

const stack = useStack(env);

const backendRequests = async (on: Stack) => [...(await on.flowglad.requests()), ...(await on.flexportal.requests())];

/** A refusal before anything ran: its status, its one error's code and message, no data, no backend call. */
async function expectRefused(on: Stack, result: GraphQLResult<unknown>, status: number, code: string, message: RegExp) {
  expect({ status: result.status, codes: result.errors?.map((error) => error.extensions?.code) }).toEqual({ status, codes: [code] });
  expect(result.errors![0]!.message).toMatch(message);
  expect(result.data).toBeUndefined();
  expect(await backendRequests(on)).toEqual([]);
}

describe('TRUSTED_DOCUMENTS_MODE=only', () => {
  it("runs a query a user names by its id alone, as documentId or as Apollo's sha256Hash", async () => {
    const byDocumentId = await stack.graphql.executeById(CustomerDocument, { id: emma }, user);
    expect(byDocumentId.status).toBe(200);
    expect(byDocumentId.data?.customer).toMatchObject({ name: 'Emma Larsson', source: 'flexportal' });
    const byHash = await stack.graphql.raw(
      { variables: { id: emma }, extensions: { persistedQuery: { version: 1, sha256Hash: customerId.slice('sha256:'.length) } } },
      user,
    );
    expect(byHash.data).toEqual(byDocumentId.data);
  });

  it('runs a mutation named by its id: the update is written', async () => {
    const result = await stack.graphql.executeById(UpdateCustomerDocument, { input: { id: emma, company: 'Larsson AB' } }, user);
    expect(result.data?.updateCustomer.userErrors).toEqual([]);
    expect(result.data?.updateCustomer.customer?.company).toBe('Larsson AB');
    expect(await stack.flexportal.writes()).toHaveLength(1);
  });

  it('refuses any other document from a user with 403 TRUSTED_DOCUMENTS_ONLY, before it runs', async () => {
    const refused = await stack.graphql.raw({ query: ARBITRARY }, user);
    await expectRefused(
      stack,
      refused,
      403,
      'TRUSTED_DOCUMENTS_ONLY',
      /^This service runs only trusted documents: instead of the document's text, name it by its id/,
    );
    // Its own correct id does not make it trusted.
    const named = await stack.graphql.raw({ query: ARBITRARY, documentId: documentIdOf(ARBITRARY) }, user);
    await expectRefused(stack, named, 403, 'TRUSTED_DOCUMENTS_ONLY', /only trusted documents/);
  });

  it('lets a caller with an API key send any document', async () => {
    const result = await stack.graphql.raw({ query: ARBITRARY }, bearer(API_KEY));
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ customer: { name: 'Emma Larsson', email: 'emma.larsson@example.se', phone: '+46701112233' } });
  });

  it('refuses an unknown id with 400 PERSISTED_QUERY_NOT_FOUND, naming it', async () => {
    const unknown = documentIdOf('query Other { __typename }');
    const refused = await stack.graphql.raw({ documentId: unknown, variables: {} }, user);
    await expectRefused(stack, refused, 400, 'PERSISTED_QUERY_NOT_FOUND', new RegExp(`^No trusted document has the id "${unknown}"`));
    // Not even an API key makes an unknown id known.
    expect((await stack.graphql.raw({ documentId: unknown }, bearer(API_KEY))).status).toBe(400);
  });

  it('refuses a document sent with an id that is not its own with 400 PERSISTED_QUERY_HASH_MISMATCH', async () => {
    // The client's own printing of a trusted operation is not the manifest's text, so not its id's.
    const reprinted = await stack.graphql.raw({ query: print(CustomerDocument), documentId: customerId, variables: { id: emma } }, user);
    await expectRefused(stack, reprinted, 400, 'PERSISTED_QUERY_HASH_MISMATCH', new RegExp(`^The document sent is not the one its id "${customerId}" names`));
    const other = await stack.graphql.raw(
      { query: ARBITRARY, extensions: { persistedQuery: { version: 1, sha256Hash: customerId.slice(7) } } },
      bearer(API_KEY),
    );
    await expectRefused(stack, other, 400, 'PERSISTED_QUERY_HASH_MISMATCH', /exact text/);
  });

  it('refuses a request with neither a document nor an id with 400 DOCUMENT_REQUIRED', async () => {
    const refused = await stack.graphql.raw({ variables: { id: emma } }, user);
    await expectRefused(stack, refused, 400, 'DOCUMENT_REQUIRED', /^Send a trusted document: name it by its id/);
  });

  it('authenticates first: a document without credentials is 401, whatever it is', async () => {
    expect((await stack.graphql.raw({ query: ARBITRARY })).status).toBe(401);
    expect((await stack.graphql.raw({ documentId: customerId, variables: { id: emma } })).status).toBe(401);
  });
});

describe('TRUSTED_DOCUMENTS_MODE=allow', () => {
  const open = useStack({ TRUSTED_DOCUMENTS: MANIFEST, TRUSTED_DOCUMENTS_MODE: 'allow' });

  it('runs a document named by its id, and any document sent as text', async () => {
    const byId = await open.graphql.executeById(CustomerDocument, { id: emma });
    expect(byId.data?.customer?.name).toBe('Emma Larsson');
    const asText = await open.graphql.raw({ query: ARBITRARY });
    expect(asText.status).toBe(200);
    expect(asText.data).toMatchObject({ customer: { name: 'Emma Larsson' } });
  });

  it('still refuses an unknown id and a document that does not match its id', async () => {
    await expectRefused(open, await open.graphql.raw({ documentId: documentIdOf('{ __typename }') }), 400, 'PERSISTED_QUERY_NOT_FOUND', /No trusted document/);
    await expectRefused(open, await open.graphql.raw({ query: ARBITRARY, documentId: customerId }), 400, 'PERSISTED_QUERY_HASH_MISMATCH', /is not the one/);
  });
});

describe('through Hive Gateway enforcing the same manifest, calling the service in only mode with its own API key', () => {
  let gateway: Awaited<ReturnType<typeof startGatewayWith>>;
  let client: GraphQLClient;

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
    writeFileSync(file, composeSubgraphs([{ name: 'customers', url: stack.graphql.url, sdl: readFileSync('schema/subgraph.graphql', 'utf8') }]));
    gateway = await startGatewayWith(file, 'test/federation/gateway-trusted.config.ts', { TRUSTED_DOCUMENTS: MANIFEST, CUSTOMERS_API_KEY: GATEWAY_KEY });
    client = new GraphQLClient(gateway.url);
  });
  afterAll(() => gateway?.stop());

  it('answers a query named by its id: the gateway runs it, and its planned document passes the service on its key', async () => {
    const byDocumentId = await client.executeById(CustomerDocument, { id: emma });
    expect(byDocumentId.errors).toBeUndefined();
    expect(byDocumentId.data?.customer).toMatchObject({ name: 'Emma Larsson', billingAddress: { city: 'Uppsala' } });
    const byHash = await client.raw({ variables: { id: emma }, extensions: { persistedQuery: { version: 1, sha256Hash: customerId.slice(7) } } });
    expect(byHash.data).toEqual(byDocumentId.data);
  });

  it("refuses a document sent as text at the gateway, with the service's 403 and code: nothing reaches a backend", async () => {
    await expectRefused(stack, await client.raw({ query: ARBITRARY }), 403, 'TRUSTED_DOCUMENTS_ONLY', /^This API runs only trusted documents/);
    await expectRefused(stack, await client.raw({ documentId: documentIdOf('{ __typename }') }), 400, 'PERSISTED_QUERY_NOT_FOUND', /No trusted document/);
  });
});
