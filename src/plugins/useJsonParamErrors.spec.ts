import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { GraphQLAnswer } from '../../support/answer.js';
import { useJsonParamErrors } from './useJsonParamErrors.js';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { echo(text: String): String }', resolvers: { Query: { echo: (_, { text }) => text } } }),
  landingPage: false,
  maskedErrors: true,
  plugins: [useJsonParamErrors()],
});

const get = async (params: string) => {
  const res = await yoga.fetch(`http://localhost/graphql?${params}`, { headers: { accept: 'application/graphql-response+json' } });
  return { status: res.status, body: GraphQLAnswer.parse(await res.json()) };
};

describe('useJsonParamErrors', () => {
  it.each([
    ['variables=%zz', 'variables'],
    ['variables=%', 'variables'],
    ['variables={"text":', 'variables'],
    ['extensions=nope', 'extensions'],
  ])('answers %s with 400 naming the parameter', async (params, name) => {
    const { status, body } = await get(`query=query($text:String){echo(text:$text)}&${params}`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: `The "${name}" parameter is not valid JSON.`, extensions: { code: 'BAD_REQUEST' } }]);
  });

  it('leaves well-formed GET requests alone', async () => {
    const { status, body } = await get(`query=${encodeURIComponent('query($text:String){echo(text:$text)}')}&variables=${encodeURIComponent('{"text":"hi"}')}`);
    expect(status).toBe(200);
    expect(body).toEqual({ data: { echo: 'hi' } });
  });

  it('leaves other parse errors (a POST body that is not JSON) to Yoga', async () => {
    const res = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: '{"query":',
    });
    expect(res.status).toBe(400);
    expect(GraphQLAnswer.parse(await res.json()).errors?.[0]?.message).toBe('POST body sent invalid JSON.');
  });
});
