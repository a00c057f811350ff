// Updates with an idempotency key through the service, in process: what is kept, what is
// replayed (without a backend call), what is refused, and what a retry after an unknown outcome does.
import { describe, expect, it } from 'vitest';
import { MemoryCoordination } from '../coordination/memory.js';
import { InMemoryBackend } from '../testing/in-memory-backend.js';
import { BackendError, type CustomerWrite } from './backend.js';
import type { Customer, CustomerStatus } from './model.js';
import type { CustomerPatch } from './plan.js';
import { fingerprint, keyId, MAX_ANSWER_BYTES } from './idempotency.js';
import { CustomerService, type ServiceUpdateOptions } from './service.js';
import { Metrics } from '../telemetry/metrics.js';

/**
 * Faults queued by method, each call of it taking the next: `none`, `refused` (503: nothing
 * stored), `lost` (sent, no answer, not stored), `stored` (stored, its answer lost),
 * `drop:company` (200, company not stored).
 */
type Fault = 'none' | 'refused' | 'lost' | 'stored' | 'drop:company';

/** An in-memory backend whose next calls fail as queued. */
class FaultyBackend extends InMemoryBackend {
  readonly faults: Record<'get' | 'update' | 'setStatus', Fault[]> = { get: [], update: [], setStatus: [] };

  override async get(externalId: string): Promise<Customer | null> {
    const fault = this.faults.get.shift();
    if (fault === 'refused') {
      this.calls.push({ method: 'get', externalId });
      throw this.unavailable(false);
    }
    return super.get(externalId);
  }

  override async update(externalId: string, write: CustomerWrite) {
    const fault = this.faults.update.shift();
    if (fault === 'refused' || fault === 'lost') {
      this.calls.push({ method: 'update', externalId });
      throw this.unavailable(fault === 'lost');
    }
    if (fault === 'drop:company') {
      const { company: _dropped, ...kept } = write;
      return super.update(externalId, kept);
    }
    const stored = await super.update(externalId, write);
    if (fault === 'stored') throw this.unavailable(true);
    return stored;
  }

  override async setStatus(externalId: string, status: CustomerStatus) {
    const fault = this.faults.setStatus.shift();
    if (fault === 'refused') {
      this.calls.push({ method: 'setStatus', externalId });
      throw this.unavailable(false);
    }
    const stored = await super.setStatus(externalId, status);
    if (fault === 'stored') throw this.unavailable(true);
    return stored;
  }

  private unavailable(maybeApplied: boolean) {
    return new BackendError('UNAVAILABLE', this.source, 'Source "flex" answered 503.', { status: 503, maybeApplied });
  }
}

function setUp(options: { keyTtlMs?: number } = {}) {
  const flex = new FaultyBackend('flex', 'FLEXPORTAL');
  flex.add('c1', { company: 'Theirs' });
  const flowglad = new FaultyBackend('fg', 'FLOWGLAD');
  flowglad.add('g1');
  const coordination = new MemoryCoordination({ waitMs: 1000, metrics: new Metrics() });
  const service = new CustomerService([flex, flowglad], coordination, {
    maxConcurrentReadsPerRequest: 4,
    maxReadsPerRequest: 100,
    keys: coordination.keys(options.keyTtlMs ?? 60_000),
  });
  const ref = service.resolveExternalId('flex', 'c1');
  const optionsFor = (key: string | null, more: Partial<ServiceUpdateOptions> = {}): ServiceUpdateOptions => ({
    expectedUpdatedAt: null,
    dryRun: false,
    reportChanges: true,
    deadlineAt: Date.now() + 60_000,
    idempotencyKey: key,
    ...more,
  });
  const update = (patch: CustomerPatch, key: string | null, more: Partial<ServiceUpdateOptions> = {}, caller: string | null = 'api-key:a') =>
    service.update(ref, patch, optionsFor(key, more), caller);
  return { flex, flowglad, service, update, optionsFor };
}

describe('an update with an idempotency key', () => {
  it('is replayed to a retry with the same input, as first answered, without a backend call', async () => {
    const { flex, update } = setUp();
    const first = await update({ company: 'Mine' }, 'k1');
    expect(first).toMatchObject({ replayed: false, userErrors: [], changes: [{ field: ['company'], from: 'Theirs', to: 'Mine' }] });
    const calls = flex.calls.length;
    const retry = await update({ company: 'Mine' }, 'k1');
    expect(retry).toEqual({ ...first, replayed: true });
    expect(flex.calls.length).toBe(calls);
    // Without a key the same update reads, finds nothing to change, and says so.
    expect(await update({ company: 'Mine' }, null)).toMatchObject({ replayed: false, changes: [] });
  });

  it('answers a retry of an expectedUpdatedAt update with its own success, not a CONFLICT with itself', async () => {
    const { flex, update } = setUp();
    const seen = flex.stored('c1')!.updatedAt!;
    const first = await update({ company: 'Mine' }, 'k1', { expectedUpdatedAt: seen });
    expect(first.userErrors).toEqual([]);
    const retry = await update({ company: 'Mine' }, 'k1', { expectedUpdatedAt: seen });
    expect(retry).toEqual({ ...first, replayed: true });
    expect(flex.count('update')).toBe(1);
  });

  it('replays a user error the backend answered (NOT_FOUND, CONFLICT) and a NOT_APPLIED', async () => {
    const { flex, service, update, optionsFor } = setUp();
    const gone = service.resolveExternalId('flex', 'nobody');
    const notFound = await service.update(gone, { company: 'Mine' }, optionsFor('k-nf'), null);
    expect(notFound.userErrors.map((error) => error.code)).toEqual(['NOT_FOUND']);
    const conflict = await update({ company: 'Mine' }, 'k-conflict', { expectedUpdatedAt: new Date(0) });
    expect(conflict.userErrors.map((error) => error.code)).toEqual(['CONFLICT']);
    flex.faults.update.push('drop:company');
    const notApplied = await update({ company: 'Dropped' }, 'k-na');
    expect(notApplied.userErrors.map((error) => error.code)).toEqual(['NOT_APPLIED']);

    const calls = flex.calls.length;
    // The customer exists by now, and the update would apply: the kept answers are replayed all the same.
    flex.add('nobody');
    expect(await service.update(gone, { company: 'Mine' }, optionsFor('k-nf'), null)).toEqual({ ...notFound, replayed: true });
    expect(await update({ company: 'Mine' }, 'k-conflict', { expectedUpdatedAt: new Date(0) })).toEqual({ ...conflict, replayed: true });
    expect(await update({ company: 'Dropped' }, 'k-na')).toEqual({ ...notApplied, replayed: true });
    expect(flex.calls.length).toBe(calls);
    expect(flex.stored('c1')?.company).toBe('Theirs');
  });

  it('refuses the key with another input (IDEMPOTENCY_KEY_REUSED), writing nothing, and still replays the first', async () => {
    const { flex, update } = setUp();
    const first = await update({ company: 'Mine' }, 'k1');
    const calls = flex.calls.length;
    for (const [patch, more] of [
      [{ company: 'Other' }, {}],
      [{ company: 'Mine', phone: '+46705550123' }, {}],
      [{ company: 'Mine' }, { expectedUpdatedAt: new Date(0) }],
    ] as const) {
      expect(await update(patch, 'k1', more)).toEqual({
        customer: null,
        changes: [],
        userErrors: [{ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringContaining('another input') }],
        replayed: false,
      });
    }
    expect(flex.calls.length).toBe(calls);
    expect(flex.stored('c1')?.company).toBe('Mine');
    expect(await update({ company: 'Mine' }, 'k1')).toEqual({ ...first, replayed: true });
  });

  it('runs two concurrent requests with one key once: the second waits for the first and replays its answer', async () => {
    const { flex, update } = setUp();
    const [a, b] = await Promise.all([update({ company: 'Mine' }, 'k1'), update({ company: 'Mine' }, 'k1')]);
    expect(flex.count('update')).toBe(1);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect({ ...a, replayed: true }).toEqual({ ...b, replayed: true });
  });

  it("keeps one caller's answer from another: the same key of two callers is two keys", async () => {
    const { flex, update } = setUp();
    const a = await update({ company: 'Mine' }, 'shared', {}, 'api-key:a');
    const b = await update({ company: 'Mine' }, 'shared', {}, 'jwt:b');
    const open = await update({ company: 'Other' }, 'shared', {}, null);
    expect([a.replayed, b.replayed, open.replayed]).toEqual([false, false, false]);
    expect(open.userErrors).toEqual([]);
    expect(flex.count('update')).toBe(2);
    expect(keyId('api-key:a', 'shared')).not.toBe(keyId('jwt:b', 'shared'));
  });

  it('keeps nothing when the update provably wrote nothing: the retry runs as new', async () => {
    const { flex, update } = setUp();
    flex.faults.update.push('refused');
    const refused = await update({ company: 'Mine' }, 'k1', { reportChanges: false }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', outcome: 'NOT_WRITTEN' });
    const retry = await update({ company: 'Mine' }, 'k1', { reportChanges: false });
    expect(retry).toMatchObject({ replayed: false, userErrors: [], customer: { company: 'Mine' } });
    // As new: written directly, with no read first.
    expect(flex.calls.map((call) => call.method)).toEqual(['update', 'update']);
  });

  it('resolves an UNKNOWN outcome on the retry: it reads back first, writes only what is not stored, and keeps that answer', async () => {
    const { flex, update } = setUp();
    // Stored, but the answer is lost and the read-back fails: the outcome is unknown.
    flex.faults.update.push('stored');
    flex.faults.get.push('refused');
    const unknown = await update({ company: 'Mine' }, 'k1', { reportChanges: false }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ outcome: 'UNKNOWN' });
    expect(flex.stored('c1')?.company).toBe('Mine');

    flex.calls.length = 0;
    const retry = await update({ company: 'Mine' }, 'k1', { reportChanges: false });
    expect(retry).toMatchObject({ replayed: false, userErrors: [], customer: { company: 'Mine' } });
    // Read back, found stored: not written again.
    expect(flex.calls.map((call) => call.method)).toEqual(['get']);
    expect(await update({ company: 'Mine' }, 'k1', { reportChanges: false })).toEqual({ ...retry, replayed: true });
    expect(flex.calls.map((call) => call.method)).toEqual(['get']);
  });

  it('after an UNKNOWN outcome that was stored, answers an expectedUpdatedAt retry with success, not a CONFLICT with its own write', async () => {
    const { flex, update } = setUp();
    const seen = flex.stored('c1')!.updatedAt!;
    flex.faults.update.push('stored');
    // The first read answers; the read-back fails.
    flex.faults.get.push('none', 'refused');
    const unknown = await update({ company: 'Mine' }, 'k1', { expectedUpdatedAt: seen }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ outcome: 'UNKNOWN' });
    const retry = await update({ company: 'Mine' }, 'k1', { expectedUpdatedAt: seen });
    expect(retry).toMatchObject({ replayed: false, userErrors: [], customer: { company: 'Mine' } });
    expect(flex.count('update')).toBe(1);
    // Another value than the one asked for is still a CONFLICT.
    expect((await update({ company: 'Other' }, 'k2', { expectedUpdatedAt: seen })).userErrors.map((error) => error.code)).toEqual(['CONFLICT']);
  });

  it('after an UNKNOWN archive that was stored, answers the retry with success, though the customer is no longer shown', async () => {
    const { flowglad, service, optionsFor } = setUp();
    const ref = service.resolveExternalId('fg', 'g1');
    flowglad.faults.setStatus.push('stored');
    flowglad.faults.get.push('none', 'refused');
    const unknown = await service.update(ref, { status: 'ARCHIVED' }, optionsFor('k1'), null).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ outcome: 'UNKNOWN' });
    expect(await service.update(ref, { status: 'ARCHIVED' }, optionsFor('k1'), null)).toEqual({ customer: null, changes: [], userErrors: [], replayed: false });
    expect(flowglad.count('setStatus')).toBe(1);
    // Without an unknown outcome before it, an archived customer is NOT_FOUND.
    expect((await service.update(ref, { status: 'ARCHIVED' }, optionsFor('k2'), null)).userErrors.map((error) => error.code)).toEqual(['NOT_FOUND']);
  });

  it('after an UNKNOWN outcome that was not stored, the retry writes it', async () => {
    const { flex, update } = setUp();
    // Sent and unanswered, and not found stored when read back.
    flex.faults.update.push('lost');
    const unknown = await update({ company: 'Mine' }, 'k1', { reportChanges: false }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ outcome: 'UNKNOWN' });
    expect(flex.stored('c1')?.company).toBe('Theirs');
    flex.calls.length = 0;
    const retry = await update({ company: 'Mine' }, 'k1', { reportChanges: false });
    expect(retry).toMatchObject({ replayed: false, userErrors: [], changes: [{ field: ['company'], from: 'Theirs', to: 'Mine' }] });
    expect(flex.calls.map((call) => call.method)).toEqual(['get', 'update']);
  });

  it('keeps no answer with BACKEND_FAILED: the retry reads back and finishes the part that failed', async () => {
    const { flex, update } = setUp();
    flex.faults.setStatus.push('refused');
    const half = await update({ company: 'Mine', status: 'INACTIVE' }, 'k1');
    expect(half.userErrors.map((error) => error.code)).toEqual(['BACKEND_FAILED']);
    const retry = await update({ company: 'Mine', status: 'INACTIVE' }, 'k1');
    expect(retry).toMatchObject({ replayed: false, userErrors: [], customer: { company: 'Mine', status: 'INACTIVE' } });
    expect(flex.count('update')).toBe(1);
    expect(await update({ company: 'Mine', status: 'INACTIVE' }, 'k1')).toEqual({ ...retry, replayed: true });
  });

  it(`keeps no answer larger than ${MAX_ANSWER_BYTES} bytes: a retry reads back instead of writing again`, async () => {
    const { flex, update } = setUp();
    // A record this large: whatever the backend sends back is in the answer.
    flex.add('c1', { company: 'Theirs', logoUrl: `https://cdn.example/${'x'.repeat(MAX_ANSWER_BYTES)}` });
    expect((await update({ company: 'Mine' }, 'k1', { reportChanges: false })).userErrors).toEqual([]);
    flex.calls.length = 0;
    expect(await update({ company: 'Mine' }, 'k1', { reportChanges: false })).toMatchObject({ replayed: false, userErrors: [], changes: [] });
    expect(flex.calls.map((call) => call.method)).toEqual(['get']);
  });

  it('is neither checked nor kept on a dry run, which writes nothing', async () => {
    const { flex, update } = setUp();
    const preview = await update({ company: 'Mine' }, 'k1', { dryRun: true });
    expect(preview).toMatchObject({ replayed: false, changes: [{ field: ['company'], from: 'Theirs', to: 'Mine' }] });
    const real = await update({ company: 'Mine' }, 'k1');
    expect(real).toMatchObject({ replayed: false, userErrors: [] });
    expect(flex.count('update')).toBe(1);
    expect((await update({ company: 'Other' }, 'k1', { dryRun: true })).userErrors).toEqual([]);
  });

  it('runs again once its answer has expired', async () => {
    const { flex, update } = setUp({ keyTtlMs: 50 });
    await update({ company: 'Mine' }, 'k1', { reportChanges: false });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await update({ company: 'Mine' }, 'k1', { reportChanges: false })).toMatchObject({ replayed: false });
    expect(flex.count('update')).toBe(2);
  });
});

describe('fingerprint', () => {
  const ref = { source: 'flex', externalId: 'c1' };

  it('is the same for the same input, whatever the order of its fields, and leaves out fields not given', () => {
    const address = { country: 'SE', city: 'Lund', line1: null };
    expect(fingerprint(ref, { company: 'A', billingAddress: address }, null)).toBe(
      fingerprint(ref, { billingAddress: { line1: null, city: 'Lund', country: 'SE' }, phone: undefined, company: 'A' }, null),
    );
  });

  it('differs for another customer, value, cleared field or expectedUpdatedAt', () => {
    const base = fingerprint(ref, { company: 'A' }, null);
    const others = [
      fingerprint({ source: 'flex', externalId: 'c2' }, { company: 'A' }, null),
      fingerprint({ source: 'other', externalId: 'c1' }, { company: 'A' }, null),
      fingerprint(ref, { company: 'B' }, null),
      fingerprint(ref, { company: 'A', phone: null }, null),
      fingerprint(ref, { company: 'A' }, new Date(0)),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });
});
