import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { GraphQLAnswer } from '../../support/answer.js';
import { useCors } from './useCors.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';

/** Refuses every request in onRequest, as an authentication plugin does for callers without a key. */
const refuseAll: Plugin = {
  onRequest({ endResponse, fetchAPI }) {
    endResponse(new fetchAPI.Response('{"errors":[{"message":"no key"}]}', { status: 401, headers: { 'content-type': 'application/json' } }));
  },
};

function yogaWith(origins: string[], plugins: Plugin[] = []) {
  return createYoga({
    schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } }),
    cors: false,
    landingPage: false,
    plugins: [useCors({ origins }), ...plugins],
  });
}

const query = (yoga: ReturnType<typeof yogaWith>, headers: Record<string, string> = {}) =>
  yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query":"{ hello }"}' });

const preflight = (yoga: ReturnType<typeof yogaWith>, origin: string, requestHeaders = 'content-type, authorization') =>
  yoga.fetch('http://localhost/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });

describe('useCors', () => {
  describe('with no origins', () => {
    const yoga = yogaWith([]);

    it('grants no cross-origin access and leaves answers as they were', async () => {
      const res = await query(yoga, { origin: EVIL });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { hello: 'world' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('vary')).toBeNull();
    });

    it('refuses every preflight with 403', async () => {
      const res = await preflight(yoga, APP);
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(GraphQLAnswer.parse(await res.json()).errors?.[0]?.message).toBe(`Cross-origin requests from ${APP} are not allowed.`);
    });
  });

  describe('with origins', () => {
    const yoga = yogaWith([APP, 'http://localhost:3000']);

    it('answers a listed origin with that origin, Vary: Origin, and no credentials', async () => {
      const res = await query(yoga, { origin: 'http://localhost:3000' });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect(res.headers.get('vary')).toBe('Origin');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it.each([EVIL, 'null', `${APP}.evil.example`, APP.toUpperCase(), `${APP}/`])('grants nothing to %s, while saying Vary: Origin', async (origin) => {
      const res = await query(yoga, { origin });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('vary')).toBe('Origin');
    });

    it('answers same-origin requests (no Origin header, as GraphiQL loads) as before', async () => {
      const res = await query(yoga);
      expect(await res.json()).toEqual({ data: { hello: 'world' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('grants a preflight of a listed origin: GET and POST, the headers it asks for, cached ten minutes', async () => {
      const res = await preflight(yoga, APP);
      expect(res.status).toBe(204);
      expect(Object.fromEntries([...res.headers].filter(([name]) => name.startsWith('access-control') || name === 'vary'))).toEqual({
        'access-control-allow-origin': APP,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type, authorization',
        'access-control-max-age': '600',
        vary: 'Access-Control-Request-Headers, Origin',
      });
    });

    it('refuses the preflight of an unlisted origin with 403 and no grant', async () => {
      const res = await preflight(yoga, EVIL);
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
    });

    it('leaves an OPTIONS request that is not a preflight to Yoga', async () => {
      const res = await yoga.fetch('http://localhost/graphql', { method: 'OPTIONS', headers: { origin: APP } });
      expect(res.status).toBe(405);
    });
  });

  it('answers preflights before plugins after it that refuse callers, and lets a listed origin read their refusals', async () => {
    const yoga = yogaWith([APP], [refuseAll]);
    expect((await preflight(yoga, APP)).status).toBe(204);
    const refused = await query(yoga, { origin: APP });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP);
  });
});
