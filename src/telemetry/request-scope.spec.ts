import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../../test/support/log-capture.js';
import { countBackendCall, currentRequestScope, requestIdFrom, runInRequestScope, withRequestId } from './request-scope.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it.each(['abc-123', 'req_1.2:3', '01HZX3Q4B7W9K2M5N8P0R3T6V9', 'a'.repeat(128), '3f2b6c1e-8d4a-4b9e-a1c2-7e5f9d0b3a48'])('takes %s as given', (id) => {
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['an empty id', ''],
    ['129 characters', 'a'.repeat(129)],
    ['a space', 'a b'],
    ['a quote', 'a"b'],
    ['a newline', 'a\nb'],
    ['non-ASCII', 'ré'],
    ['a repeated header', ['a', 'b']],
  ])('makes a new one for %s', (_label, given) => {
    expect(requestIdFrom(given)).toMatch(UUID);
  });
});

describe('the request scope', () => {
  it('is seen by everything the request calls, across awaits, and by nothing outside it', async () => {
    expect(currentRequestScope()).toBeUndefined();
    const seen = await runInRequestScope('r-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentRequestScope()?.requestId;
    });
    expect(seen).toBe('r-1');
    expect(currentRequestScope()).toBeUndefined();
  });

  it('puts the request id on every log line written inside it, and on none outside', () => {
    const { logger, lines } = capturingLogger();
    runInRequestScope('r-2', () => {
      logger.info({ a: 1 }, 'first');
      logger.info({ b: 2 }, 'second');
    });
    logger.info('outside');
    expect(lines).toMatchObject([{ requestId: 'r-2', a: 1, msg: 'first' }, { requestId: 'r-2', b: 2, msg: 'second' }, { msg: 'outside' }]);
    // Nothing of one line leaks into the next.
    expect(lines[1]).not.toHaveProperty('a');
    expect(lines[2]).not.toHaveProperty('requestId');
  });

  it('adds X-Request-Id to backend headers inside a request, leaving the shared headers untouched', () => {
    const shared = { accept: 'application/json' };
    expect(runInRequestScope('r-3', () => withRequestId(shared))).toEqual({ accept: 'application/json', 'x-request-id': 'r-3' });
    expect(shared).toEqual({ accept: 'application/json' });
    expect(withRequestId(shared)).toBe(shared);
  });

  it("counts each backend call for its own request's access line, and none outside a request", async () => {
    countBackendCall();
    const counted = (calls: number) =>
      runInRequestScope(`r-${calls}`, async () => {
        for (let i = 0; i < calls; i++) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          countBackendCall();
        }
        return currentRequestScope()!.backendCalls;
      });
    expect(await Promise.all([counted(2), counted(3)])).toEqual([2, 3]);
  });
});
