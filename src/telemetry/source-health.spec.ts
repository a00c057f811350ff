import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { BackendError, errorCodeForStatus } from '../customers/backend.js';
import { BACKEND_FAILURES } from '../failures.js';
import { probeSources, SourceHealth, stateOfAttempt } from './source-health.js';
import { LogLine } from '../../support/answer.js';

describe('stateOfAttempt', () => {
  it.each([
    [200, 'ok'],
    [204, 'ok'],
    [404, 'ok'],
    [409, 'ok'],
    [422, 'ok'],
    [429, 'ok'],
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [500, 'failing'],
    [503, 'failing'],
    [null, 'unreachable'],
    // A status this service does not understand: the source (or its URL) is wrong, as the failure table says.
    [302, 'failing'],
    [405, 'failing'],
    [418, 'failing'],
  ])('reads %s as %s', (status, state) => {
    expect(stateOfAttempt(status)).toBe(state);
  });

  it('follows the failure table for every answer that is not a success', () => {
    for (let status = 300; status < 600; status++)
      expect(stateOfAttempt(status), String(status)).toBe(BACKEND_FAILURES[errorCodeForStatus(status)].sourceState);
  });
});

describe('SourceHealth', () => {
  it('answers each named source, unknown until it is seen', () => {
    const health = new SourceHealth();
    health.record('spec-seen', 'forbidden');
    const states = health.states(['spec-seen', 'spec-never']);
    expect(states['spec-seen']).toEqual({ state: 'forbidden', checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(states['spec-never']).toEqual({ state: 'unknown', checkedAt: null });
  });

  it('is one object per process, not a module-level one: two keep apart what each was told', () => {
    const first = new SourceHealth();
    const second = new SourceHealth();
    first.record('shared-name', 'failing');
    expect(second.states(['shared-name'])['shared-name']!.state).toBe('unknown');
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
        backend('spec-refused', () =>
          Promise.reject(new BackendError('UNAUTHENTICATED', 'spec-refused', 'Source "spec-refused" refused the configured credentials.')),
        ),
        backend('spec-slow', () => new Promise((resolve) => setTimeout(resolve, 2000))),
      ],
      new SourceHealth(),
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
