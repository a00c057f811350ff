import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { GraphQLAnswer } from '../../support/answer.js';
import { documentIdOf } from '../trusted-documents.js';
import { type TrustedDocumentsOptions, useTrustedDocuments } from './useTrustedDocuments.js';

const TRUSTED = 'query Greeting { hello }';
const TRUSTED_ID = documentIdOf(TRUSTED);
const OTHER = '{ hello }';
const hex = (id: string) => id.slice('sha256:'.length);

function server(options: Omit<TrustedDocumentsOptions, 'documents'>) {
  const counts = { parsed: 0, executed: 0 };
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => ++counts.executed && 'hi' } } }),
    plugins: [useTrustedDocuments({ documents: new Map([[TRUSTED_ID, TRUSTED]]), ...options }), { onParse: () => void counts.parsed++ }],
    logging: false,
  });
  async function post(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: GraphQLAnswer.parse(await res.json()) };
  }
  async function get(search: string): Promise<Answer> {
    const res = await yoga.fetch(`http://yoga/graphql?${search}`, { headers: { accept: 'application/graphql-response+json' } });
    return { status: res.status, body: GraphQLAnswer.parse(await res.json()) };
  }
  return { post, get, counts };
}

type Answer = { status: number; body: z.infer<typeof GraphQLAnswer> };

const byHash = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hex(id) } } });

/** What a refusal says: status, code, message, and that nothing was parsed. */
function expectRefused(answer: Answer, counts: { parsed: number }, status: number, code: string, message: RegExp) {
  expect(answer.status).toBe(status);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors![0]!.extensions.code).toBe(code);
  expect(answer.body.errors![0]!.message).toMatch(message);
  expect(counts.parsed).toBe(0);
}

describe('useTrustedDocuments', () => {
  describe.each(['only', 'allow'] as const)('in %s mode', (mode) => {
    it.each([
      ['extensions.persistedQuery.sha256Hash', byHash(TRUSTED_ID)],
      ["sha256Hash with the prefix of the client preset's __meta__.hash", { extensions: { persistedQuery: { version: 1, sha256Hash: TRUSTED_ID } } }],
      ["the manifest's documentId", { documentId: TRUSTED_ID }],
      ['the exact text of a trusted document', { query: TRUSTED }],
      ['the text with its own id', { query: TRUSTED, documentId: TRUSTED_ID }],
    ])('runs a trusted document named by %s', async (_how, body) => {
      const { post, counts } = server({ mode });
      const { status, body: answer } = await post(body);
      expect(answer).toEqual({ data: { hello: 'hi' } });
      expect(status).toBe(200);
      expect(counts.executed).toBe(1);
    });

    it('runs a trusted query named by documentId in a GET URL', async () => {
      const { get } = server({ mode });
      expect((await get(`documentId=${encodeURIComponent(TRUSTED_ID)}`)).body).toEqual({ data: { hello: 'hi' } });
    });

    it('refuses an unknown id, saying which', async () => {
      const { post, counts } = server({ mode });
      const unknown = documentIdOf('query Other { hello }');
      expectRefused(await post(byHash(unknown)), counts, 400, 'PERSISTED_QUERY_NOT_FOUND', new RegExp(`No trusted document has the id "${unknown}"`));
      expectRefused(await post({ documentId: 'sha256:nope' }), counts, 400, 'PERSISTED_QUERY_NOT_FOUND', /"sha256:nope"/);
    });

    it('refuses a document sent with an id that is not its own, even a trusted id', async () => {
      const { post, counts } = server({ mode });
      expectRefused(await post({ query: OTHER, ...byHash(TRUSTED_ID) }), counts, 400, 'PERSISTED_QUERY_HASH_MISMATCH', /is not the one its id/);
      expectRefused(await post({ query: `${TRUSTED} `, documentId: TRUSTED_ID }), counts, 400, 'PERSISTED_QUERY_HASH_MISMATCH', /exact text/);
      expect(counts.executed).toBe(0);
    });

    it('refuses a request with neither a document nor an id', async () => {
      const { post, counts } = server({ mode });
      expectRefused(await post({ variables: {} }), counts, 400, 'DOCUMENT_REQUIRED', /"documentId": "sha256:<hex>"/);
    });
  });

  it('in only mode refuses any other document before parsing it, with 403', async () => {
    const { post, counts } = server({ mode: 'only' });
    expectRefused(await post({ query: OTHER }), counts, 403, 'TRUSTED_DOCUMENTS_ONLY', /runs only trusted documents/);
    // Its own, correct id does not make it trusted.
    expectRefused(await post({ query: OTHER, documentId: documentIdOf(OTHER) }), counts, 403, 'TRUSTED_DOCUMENTS_ONLY', /runs only trusted documents/);
    expect(counts.executed).toBe(0);
  });

  it('in only mode runs any document for a request mayRunAnyDocument lets through', async () => {
    const { post, counts } = server({ mode: 'only', mayRunAnyDocument: (request) => request.headers.get('authorization') === 'Bearer key' });
    expect((await post({ query: OTHER }, { authorization: 'Bearer key' })).body).toEqual({ data: { hello: 'hi' } });
    expect((await post({ query: OTHER }, { authorization: 'Bearer other' })).status).toBe(403);
    expect(counts.executed).toBe(1);
  });

  it('in allow mode runs any other document, with or without its own id', async () => {
    const { post, counts } = server({ mode: 'allow' });
    expect((await post({ query: OTHER })).body).toEqual({ data: { hello: 'hi' } });
    expect((await post({ query: OTHER, ...byHash(documentIdOf(OTHER)) })).body).toEqual({ data: { hello: 'hi' } });
    expect(counts.executed).toBe(2);
  });

  it('says how to send a document in allow mode when none is sent', async () => {
    const { post } = server({ mode: 'allow' });
    expect((await post({})).body.errors![0]!.message).toMatch(/^Send a document \("query"\), or name it by its id/);
  });
});
