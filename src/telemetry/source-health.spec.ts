import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../customers/backend.js';
import { probeSources, recordSourceState, sourceStates, stateOfAttempt } from './source-health.js';
import { LogLine } from '../../support/answer.js';

describe('stateOfAttempt', () => {
  it.each([
    [200, 'ok'],
    [404, 'ok'],
    [429, 'ok'],
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [500, 'failing'],
    [503, 'failing'],
    [null, 'unreachable'],
  ])('reads %s as %s', (status, state) => {
    expect(stateOfAttempt(status)).toBe(state);
  });
});

describe('sourceStates', () => {
  it('answers each named source, unknown until it is seen', () => {
    recordSourceState('spec-seen', 'forbidden');
    const states = sourceStates(['spec-seen', 'spec-never']);
    expect(states['spec-seen']).toEqual({ state: 'forbidden', checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(states['spec-never']).toEqual({ state: 'unknown', checkedAt: null });
  });
});

describe('probeSources', () => {
  const backend = (source: string, probe: () => Promise<void>) => ({ source, probe });

  it('warns about each source that fails its probe, and about one that does not answer in time, without failing', async () => {
    const warnings: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(LogLine.parse(JSON.parse(line))) });
    const started = performance.now();
    await probeSources(
      [
        backend('spec-good', () => Promise.resolve()),
        backend('spec-refused', () => Promise.reject(new BackendError('UNAUTHENTICATED', 'spec-refused', 'Source "spec-refused" refused the configured credentials.'))),
        backend('spec-slow', () => new Promise((resolve) => setTimeout(resolve, 2000))),
      ],
      logger,
      100,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(warnings).toMatchObject([
      { level: 40, source: 'spec-refused', code: 'UNAUTHENTICATED', msg: 'source probe failed: Source "spec-refused" refused the configured credentials.' },
      { level: 40, source: 'spec-slow', waitMs: 100, msg: 'source probe has no answer after 100 ms; starting without it' },
    ]);
  });
});
