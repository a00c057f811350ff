// The failure table, row by row, and the places that read it agreeing with it: for each domain
// error, what masking shows, what the log says (at which level, on which line) and how the
// operation metrics count it, through a real Yoga with our masking, logger and access log.
import { ForbiddenError } from '@pothos/plugin-scope-auth';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { GraphQLAnswer } from '../support/answer.js';
import { capturingLogger } from '../test/support/log-capture.js';
import { BackendError, type BackendErrorCode } from './customers/backend.js';
import { CoordinationError, type CoordinationErrorCode } from './customers/coordination.js';
import { InvalidReferenceError, RequestLimitError, SubscriptionRefusedError, type SubscriptionRefusal } from './customers/errors.js';
import { maskError, yogaLogger } from './errors.js';
import { ALL_FAILURES, BACKEND_FAILURES, COORDINATION_FAILURES, FAILURES, type FailureRow, isFailure, rowOfAnswer, SUBSCRIPTION_FAILURES } from './failures.js';
import { useAccessLog } from './plugins/useAccessLog.js';
import { outcomeOf } from './plugins/useOperationMetrics.js';
import { useRequestId } from './plugins/useRequestId.js';

describe('the failure table', () => {
  it('gives each backend error code its GraphQL code, fault, level and the source state it shows', () => {
    const rows = Object.fromEntries(
      Object.entries(BACKEND_FAILURES).map(([code, row]) => [code, `${row.code} ${row.fault} ${row.level} ${row.line} ${row.sourceState}`]),
    );
    expect(rows).toEqual({
      NOT_FOUND: 'NOT_FOUND caller info own ok',
      REJECTED: 'BAD_USER_INPUT caller info own ok',
      CONFLICT: 'CONFLICT caller info own ok',
      RATE_LIMITED: 'RATE_LIMITED source warn own ok',
      UNAUTHENTICATED: 'UNAUTHENTICATED source error own unauthenticated',
      FORBIDDEN: 'FORBIDDEN source error own forbidden',
      UNAVAILABLE: 'BACKEND_UNAVAILABLE source error own failing',
      FAILED: 'BACKEND_UNAVAILABLE source error own failing',
    } satisfies Record<BackendErrorCode, string>);
  });

  it('marks a source unusable only for an answer that is its fault', () => {
    for (const row of Object.values(BACKEND_FAILURES)) if (row.sourceState !== 'ok') expect(row.fault, row.code).toBe('source');
  });

  it('gives each coordination error code and every other failure its GraphQL code, fault and level', () => {
    const rows = (table: Record<string, FailureRow>) =>
      Object.fromEntries(Object.entries(table).map(([name, row]) => [name, `${row.code} ${row.fault} ${row.level} ${row.line}`]));
    expect(rows(COORDINATION_FAILURES)).toEqual({
      COORDINATION_UNAVAILABLE: 'COORDINATION_UNAVAILABLE service warn own',
      CUSTOMER_BUSY: 'CUSTOMER_BUSY service warn own',
    } satisfies Record<CoordinationErrorCode, string>);
    expect(rows(SUBSCRIPTION_FAILURES)).toEqual({
      TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS service warn own',
      SHUTTING_DOWN: 'SHUTTING_DOWN service warn own',
    } satisfies Record<SubscriptionRefusal, string>);
    expect(rows(FAILURES)).toEqual({
      invalidReference: 'BAD_USER_INPUT caller info access',
      requestLimit: 'BAD_USER_INPUT caller info access',
      forbidden: 'FORBIDDEN caller info access',
      request: 'BAD_USER_INPUT caller info access',
      unauthenticated: 'UNAUTHENTICATED caller info access',
      authUnavailable: 'AUTH_UNAVAILABLE service warn own',
      unexpected: 'INTERNAL_SERVER_ERROR service error own',
    });
  });

  it('logs only the caller’s mistakes on the access line, and faults at warn or error', () => {
    for (const row of ALL_FAILURES) {
      if (row.line === 'access') expect(row.fault, row.code).toBe('caller');
      if (row.fault !== 'caller') expect(row.level, row.code).not.toBe('info');
    }
  });

  it('reads an answered error back to one row: rows sharing a code and a source agree', () => {
    for (const row of ALL_FAILURES) {
      const fromSource = (Object.values(BACKEND_FAILURES) as FailureRow[]).includes(row);
      const read = rowOfAnswer({ extensions: { code: row.code, ...(fromSource ? { source: 'x' } : {}) } });
      expect({ fault: read.fault, level: read.level, line: read.line }, row.code).toEqual({ fault: row.fault, level: row.level, line: row.line });
    }
  });

  it('counts a code it does not know as the caller’s, unless a source answered it', () => {
    expect(isFailure({ extensions: { code: 'SOMETHING_NEW' } })).toBe(false);
    expect(isFailure({ extensions: { code: 'SOMETHING_NEW', source: 'x' } })).toBe(true);
  });
});

/** Each row a resolver can raise, with the error that raises it. */
const RAISED: [string, FailureRow, () => Error][] = [
  ...Object.entries(BACKEND_FAILURES).map(
    ([code, row]) =>
      [`backend ${code}`, row, () => new BackendError(code as BackendErrorCode, 'x', `Source "x": ${code}.`, { status: 500 })] as [
        string,
        FailureRow,
        () => Error,
      ],
  ),
  ...Object.entries(COORDINATION_FAILURES).map(
    ([code, row]) =>
      [`coordination ${code}`, row, () => new CoordinationError(code as CoordinationErrorCode, `${code}.`, 1)] as [string, FailureRow, () => Error],
  ),
  ...Object.entries(SUBSCRIPTION_FAILURES).map(
    ([code, row]) =>
      [`subscription ${code}`, row, () => new SubscriptionRefusedError(code as SubscriptionRefusal, `${code}.`, 1)] as [string, FailureRow, () => Error],
  ),
  ['InvalidReferenceError', FAILURES.invalidReference, () => new InvalidReferenceError('Not an ID.', 'id')],
  ['RequestLimitError', FAILURES.requestLimit, () => new RequestLimitError('Too many.', 'MAX_READS', 1, 'first')],
  ['ForbiddenError', FAILURES.forbidden, () => new ForbiddenError('Not allowed.')],
  ['unexpected', FAILURES.unexpected, () => new Error('secret detail')],
];

const { logger, lines } = capturingLogger();
let raise: () => Error = () => new Error('unset');
const schema = createSchema({ typeDefs: 'type Query { fails: Int }', resolvers: { Query: { fails: () => raise() } } });
const yoga = createYoga({
  schema,
  logging: yogaLogger(logger),
  maskedErrors: { maskError, isDev: false },
  plugins: [useRequestId(), useAccessLog({ logger })],
});

async function run(query: string) {
  lines.length = 0;
  const res = await yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const answer = GraphQLAnswer.parse(await res.json());
  return { answer, lines: [...lines] };
}

const LEVELS = { info: 30, warn: 40, error: 50 };

describe('masking, logging, metrics and the access line', () => {
  it.each(RAISED)('follow the table for %s', async (_name, row, error) => {
    raise = error;
    const { answer, lines: logged } = await run('{ fails }');
    const masked = answer.errors![0]!;
    expect(masked.extensions?.code).toBe(row.code);
    expect(JSON.stringify(answer)).not.toContain('secret detail');
    // The operation metrics' outcome.
    expect(outcomeOf({ errors: [masked] as never })).toBe(row.fault === 'caller' ? 'refused' : 'failed');
    const access = logged.find((line) => line.msg === 'request')!;
    expect(access.level).toBe(LEVELS.info);
    const own = logged.filter((line) => line.msg !== 'request');
    if (row.line === 'access') {
      expect(access.refusals).toEqual([expect.objectContaining({ code: row.code })]);
      expect(own).toEqual([]);
    } else {
      expect(access.refusals).toBeUndefined();
      expect(own.map((line) => line.level)).toEqual([LEVELS[row.level]]);
    }
  });

  it('follow the table for a request Yoga refuses', async () => {
    const { answer, lines: logged } = await run('{ nothing }');
    expect(answer.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(outcomeOf({ errors: answer.errors as never })).toBe('refused');
    expect(logged).toEqual([
      expect.objectContaining({
        msg: 'request',
        level: LEVELS[FAILURES.request.level],
        refusals: [expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' })],
      }),
    ]);
  });
});
