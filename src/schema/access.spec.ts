// The access rules read a customer reference exactly as the service does: for any string given as
// an ID, the source a rule checks is the source the service calls, or the request is refused.
// The schema runs in process, with a caller limited to flowglad, over in-memory backends that log their calls.
import fc from 'fast-check';
import { graphql, parse, subscribe, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../context.js';
import { maskError } from '../errors.js';
import { InvalidReferenceError } from '../customers/errors.js';
import { encodeCustomerId, encodeGlobalId, readCustomerId } from '../customers/global-id.js';
import { contextOf } from '../testing/graphql.js';
import { InMemoryBackend } from '../testing/in-memory-backend.js';
import { serviceOver } from '../testing/service.js';
import { idScope } from './access.js';
import { schema } from './index.js';

/** Both sources, knowing no customer: every call they get is logged. */
const backends = [new InMemoryBackend('flowglad', 'FLOWGLAD'), new InMemoryBackend('flexportal', 'FLEXPORTAL')];
/** Every backend call since the last `forget()`, as "<source> <method> <externalId>". */
const calls = () => backends.flatMap(({ source, calls }) => calls.map(({ method, externalId }) => `${source} ${method} ${externalId}`));
const forget = () => {
  for (const backend of backends) backend.calls.length = 0;
};
const service = serviceOver(backends);
const flowgladOnly: Caller = { kind: 'jwt', subject: 'test', scopes: null, sources: new Set(['flowglad']), key: 'jwt:test' };

/** Errors as executed (not serialized), for maskError to read. */
const run = (source: string, variableValues: Record<string, unknown>) =>
  graphql({ schema, source, variableValues, contextValue: contextOf(service, flowgladOnly) });

/** The masked errors of an answer, as the caller reads them. */
const refusals = (result: ExecutionResult) =>
  (result.errors ?? []).map((error) => maskError(error, 'Unexpected error.')).map(({ message, extensions }) => ({ message, code: extensions.code }));

const ENTRY_POINTS = [
  'query ($id: ID!) { customer(id: $id) { id } }',
  'query ($id: ID!) { node(id: $id) { id } }',
  'query ($id: _Any!) { _entities(representations: [{ __typename: "Customer", id: $id }]) { __typename } }',
  'mutation ($id: ID!) { updateCustomer(input: { id: $id, name: "Eve Mallory" }) { userErrors { code } } }',
];

const KEYS = [
  { source: 'flowglad', externalId: 'acme-corp' },
  { source: 'flexportal', externalId: 'cus_1001' },
  { source: 'shopify', externalId: 'x' },
];
/** White space, invisible and format characters, controls, bidi controls, lone surrogates, marks, base64 padding. */
const SPECIALS = [
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2007',
  '\u200a',
  '\u202f',
  '\u205f',
  '\u3000',
  '\u180e',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u2060',
  '\u2061',
  '\u2064',
  '\ufeff',
  '\u00ad',
  '\u034f',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u061c',
  '\u{e0001}',
  '\u{e0041}',
  '\ud800',
  '\udfff',
  '\u0000',
  '\u0085',
  '\u0301',
  '\ufe0f',
  '\u3164',
  '\u2800',
  '=',
  '+',
  '/',
  '.',
  ':',
];
const special = fc.constantFrom(...SPECIALS);
const anyUnit = fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

/** A valid ID of either source (or an unconfigured one), with characters put around and inside it. */
const taintedId = fc.tuple(fc.constantFrom(...KEYS.map(encodeCustomerId)), fc.array(fc.tuple(anyUnit, fc.nat()), { maxLength: 4 })).map(([id, insertions]) =>
  insertions.reduce((value, [text, at]) => {
    const position = at % (value.length + 1);
    return value.slice(0, position) + text + value.slice(position);
  }, id),
);
/** Any string as an ID: tainted valid ones mostly, foreign global IDs, and arbitrary text. */
const anyId = fc.oneof(
  { weight: 6, arbitrary: taintedId },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }))
      .map(([type, local]) => encodeGlobalId(type, local)),
  },
  { weight: 1, arbitrary: fc.string({ unit: anyUnit, maxLength: 40 }).map((local) => encodeGlobalId('Customer', local)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

describe('one reading of a customer reference', () => {
  it('gives the access rule the source the service resolves, or refuses the ID as BAD_USER_INPUT for both', () => {
    fc.assert(
      fc.property(anyId, (id) => {
        let ruled: string | InvalidReferenceError;
        try {
          ruled = idScope(id, 'id').source;
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidReferenceError);
          ruled = error as InvalidReferenceError;
        }
        let resolved: string | InvalidReferenceError;
        try {
          resolved = service.resolveId(id).source;
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidReferenceError);
          resolved = error as InvalidReferenceError;
        }
        if (typeof ruled === 'string') {
          // The service may still refuse a source that is not configured: after the rule, never instead.
          if (typeof resolved === 'string') expect(resolved).toBe(ruled);
          else expect(resolved.message).toContain(`Unknown source "${ruled}"`);
        } else {
          expect(resolved).toBeInstanceOf(InvalidReferenceError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('lets a caller limited to flowglad reach no other source, by any ID, through every entry point', async () => {
    await fc.assert(
      fc.asyncProperty(anyId, fc.constantFrom(...ENTRY_POINTS), async (id, source) => {
        forget();
        const result = await run(source, { id });
        const codes = (result.errors ?? []).map((error) => maskError(error, 'Unexpected error.').extensions.code);
        expect(calls().filter((call) => !call.startsWith('flowglad '))).toEqual([]);
        const key = readCustomerId(id, 'id');
        if ('problem' in key) {
          expect(codes).toEqual(['BAD_USER_INPUT']);
          expect(calls()).toEqual([]);
        } else if (key.source === 'flowglad') {
          // The service called the source the rule checked, for the key the ID names.
          expect([[`flowglad get ${key.externalId}`], [`flowglad update ${key.externalId}`]]).toContainEqual(calls());
        } else {
          expect(codes).toEqual(['FORBIDDEN']);
          expect(calls()).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('refuses customerChanged when it subscribes exactly as it refuses customer(id), by any ID', async () => {
    const subscription = parse('subscription ($id: ID!) { customerChanged(id: $id) { id } }');
    await fc.assert(
      fc.asyncProperty(anyId, async (id) => {
        const query = await run('query ($id: ID!) { customer(id: $id) { id } }', { id });
        const subscribed = await subscribe({ schema, document: subscription, variableValues: { id }, contextValue: contextOf(service, flowgladOnly) });
        if (Symbol.asyncIterator in subscribed) {
          expect(refusals(query)).toEqual([]);
          await subscribed.return?.();
        } else {
          expect(refusals(subscribed)).toEqual(refusals(query));
          expect(refusals(subscribed)).not.toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });
});
