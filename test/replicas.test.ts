// Two replicas of the service behind the same backends, coordinated through a real Redis: no
// lost updates, one winner per expectedUpdatedAt, no late-landing retry undoing a later update,
// and a Redis outage that stops updates (writing nothing) but not reads, then heals by itself.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { UpdateCustomerInput } from './generated/graphql.js';
import { UpdateCustomerDocument } from './generated/graphql.js';
import { StoredAddress } from '../support/answer.js';
import { FAST_FAULT_POLICY } from './support/policy.js';
import { globalId, useReplicasOnRedis, type Replica } from './support/stack.js';

const ENV = {
  ...FAST_FAULT_POLICY,
  WRITE_SETTLE_LIMIT_MS: '5000',
  // A budget every FlexPortal request counts against through Redis, far above what these tests use.
  SOURCE_FLEXPORTAL_RATE_LIMIT: '100000/60s',
};

const { redis, stack } = useReplicasOnRedis(2, ENV, { FLEXPORTAL_EMULATOR_RATE_LIMIT: '1000000' });

const updateVia = (replica: Replica, source: string, key: string, fields: Omit<UpdateCustomerInput, 'id'>) =>
  replica.graphql.execute(UpdateCustomerDocument, { input: { id: globalId(source, key), ...fields } });

/** FlexPortal's wire names of the address parts an AddressInput can set (written out here, not taken from the mapping under test). */
const ADDRESS_PARTS: Record<string, string> = {
  contactName: 'contactName',
  company: 'company',
  line1: 'streetAddress',
  line2: 'buildingInfo',
  locality: 'locality',
  city: 'city',
  region: 'adminArea',
  postalCode: 'postalCode',
};

/**
 * Eight concurrent updates, each of one part of cus_1001's shipping address, alternating between
 * the replicas; answers the parts whose value in the stored record is not this round's.
 */
async function addressRound(round: number): Promise<string[]> {
  const parts = Object.keys(ADDRESS_PARTS);
  const results = await Promise.all(
    parts.map((part, i) => updateVia(stack.replicas[i % 2]!, 'flexportal', 'cus_1001', { shippingAddress: { country: 'SE', [part]: `r${round} ${part}` } })),
  );
  for (const result of results) {
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateCustomer.userErrors).toEqual([]);
  }
  const stored = StoredAddress.parse((await stack.flexportal.record('cus_1001')).lastShippingAddress);
  return parts.filter((part) => stored[ADDRESS_PARTS[part]!] !== `r${round} ${part}`);
}

describe('two replicas', () => {
  it('lose none of 20 rounds of 8 concurrent updates of different parts of one address', async () => {
    await stack.flexportal.reset();
    const lostPerRound: string[][] = [];
    for (let round = 1; round <= 20; round++) lostPerRound.push(await addressRound(round));
    expect(lostPerRound.flat()).toEqual([]);
  });

  it('let exactly one of two expectedUpdatedAt updates of the same version win, 20 times out of 20', async () => {
    await stack.flexportal.reset();
    for (let round = 1; round <= 20; round++) {
      const seen = (await updateVia(stack.replicas[0]!, 'flexportal', 'cus_1002', { dryRun: true })).data!.updateCustomer.customer!.updatedAt;
      const results = await Promise.all(
        stack.replicas.map((replica, i) => updateVia(replica, 'flexportal', 'cus_1002', { company: `r${round} replica ${i}`, expectedUpdatedAt: seen })),
      );
      const codes = results.map((result) => result.data!.updateCustomer.userErrors.map((e) => e.code));
      expect(codes.filter((c) => c.length === 0)).toHaveLength(1);
      expect(codes.filter((c) => c.join() === 'CONFLICT')).toHaveLength(1);
      const winner = results.findIndex((result) => result.data!.updateCustomer.userErrors.length === 0);
      expect((await stack.flexportal.record('cus_1002')).company).toBe(`r${round} replica ${winner}`);
    }
  });

  it('never let a retried PUT that lands late undo the next update of the same customer', async () => {
    await stack.flexportal.reset();
    // The first attempt of the next PUT waits 2 s before it is handled (the update times it out
    // at 300 ms and its retry is answered); it carries the whole shipping address as it was then.
    await stack.flexportal.fault({ method: 'PUT', pathPrefix: '/v1/customers/cus_1001', latencyMs: 2000 });
    const started = Date.now();
    const first = await updateVia(stack.replicas[0]!, 'flexportal', 'cus_1001', { shippingAddress: { country: 'SE', city: 'Göteborg' } });
    expect(first.data!.updateCustomer.userErrors).toEqual([]);
    // Answered without waiting for the held attempt.
    expect(Date.now() - started).toBeLessThan(1800);
    // Right after, through the other replica: another part of the same address.
    const second = await updateVia(stack.replicas[1]!, 'flexportal', 'cus_1001', { shippingAddress: { country: 'SE', line1: 'Kungsportsavenyen 1' } });
    expect(second.data!.updateCustomer.userErrors).toEqual([]);

    // Once the held attempt has been handled, whenever that is, the later update is still there.
    let log = await stack.flexportal.requests();
    while (log.some((r) => r.status === null)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      log = await stack.flexportal.requests();
    }
    const stored = StoredAddress.parse((await stack.flexportal.record('cus_1001')).lastShippingAddress);
    expect(stored).toMatchObject({ city: 'Göteborg', streetAddress: 'Kungsportsavenyen 1' });
    log = log.filter((r) => r.path === '/v1/customers/cus_1001');
    expect(log.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'PUT 200', 'PUT 200', 'GET 200', 'PUT 200']);
    // The second update read the customer only after the held attempt had been handled.
    const held = log[1]!;
    expect(log[3]!.receivedAt).toBeGreaterThanOrEqual(held.receivedAt + 2000);
  });
});

describe('a Redis outage', () => {
  const ReadyBody = z.looseObject({ status: z.string(), redis: z.looseObject({ state: z.string() }) });
  const ready = async (replica: Replica) => ReadyBody.parse(await (await fetch(`${replica.base}/ready`)).json());
  const until = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const allRedis = async (state: string) => (await Promise.all(stack.replicas.map(ready))).every((body) => body.redis.state === state);

  /** Updates one address part in a loop through one replica until `running()` is false, recording what each answer said. */
  async function partWorker(part: string, replica: Replica, running: () => boolean) {
    const seen: { applied: string[]; refused: string[]; other: unknown[] } = { applied: [], refused: [], other: [] };
    for (let n = 1; running(); n++) {
      const value = `${part} ${n}`;
      const result = await updateVia(replica, 'flexportal', 'cus_1001', { shippingAddress: { country: 'SE', [part]: value } });
      const code = result.errors?.[0]?.extensions?.code;
      if (!result.errors && result.data!.updateCustomer.userErrors.length === 0) seen.applied.push(value);
      else if (code === 'COORDINATION_UNAVAILABLE') seen.refused.push(value);
      else seen.other.push(result.errors ?? result.data);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return seen;
  }

  it('refuses updates with COORDINATION_UNAVAILABLE mid-run, writing nothing, keeps reads working, and heals by itself with nothing lost', async () => {
    await stack.flexportal.reset();
    expect(await ready(stack.replicas[0]!)).toMatchObject({ status: 'ready', redis: { state: 'up', since: expect.any(String) } });
    let running = true;
    const parts = Object.keys(ADDRESS_PARTS);
    const workers = parts.map((part, i) => partWorker(part, stack.replicas[i % 2]!, () => running));
    await new Promise((resolve) => setTimeout(resolve, 500));

    await redis.stop();
    await until(() => allRedis('down'), '/ready to report Redis down');
    const readyWhileDown = await fetch(`${stack.replicas[1]!.base}/ready`);
    // Still 200 (Redis is down for every replica alike), but degraded.
    expect(readyWhileDown.status).toBe(200);
    expect(await readyWhileDown.json()).toMatchObject({ status: 'degraded', redis: { state: 'down', error: expect.any(String) } });
    for (const replica of stack.replicas) {
      const refused = await updateVia(replica, 'flexportal', 'cus_1001', { company: 'During Outage' });
      expect(refused.data).toBeNull();
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'COORDINATION_UNAVAILABLE', retryAfterSeconds: 2 });
      expect(refused.errors![0]!.message).toContain('Nothing was written');
      const read = await replica.graphql.raw({ query: '{ customerByExternalId(source: "flexportal", externalId: "cus_1001") { name } }' });
      expect(read).toMatchObject({ data: { customerByExternalId: { name: 'Emma Larsson' } } });
      // A dry run writes nothing, so it needs no lock.
      const preview = await updateVia(replica, 'flexportal', 'cus_1001', { company: 'Preview', dryRun: true });
      expect(preview.data!.updateCustomer.changes).toEqual([{ field: ['company'], from: null, to: 'Preview' }]);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));

    await redis.start();
    await until(() => allRedis('up'), '/ready to report Redis up again');
    const backAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 700));
    running = false;
    const seen = await Promise.all(workers);

    expect(seen.flatMap((s) => s.other)).toEqual([]);
    expect(seen.every((s) => s.refused.length > 0)).toBe(true);
    // Each part holds the value of the last update answered as applied, and updates were applied after Redis came back.
    const stored = StoredAddress.parse((await stack.flexportal.record('cus_1001')).lastShippingAddress);
    expect(parts.map((part) => stored[ADDRESS_PARTS[part]!])).toEqual(seen.map((s) => s.applied.at(-1)));
    const writes = (await stack.flexportal.requests()).filter((r) => r.method === 'PUT');
    expect(writes.some((w) => w.receivedAt > backAt)).toBe(true);
    // No refused update reached the backend.
    const sent = JSON.stringify(writes.map((w) => w.body));
    expect(seen.flatMap((s) => s.refused).filter((value) => sent.includes(`"${value}"`))).toEqual([]);
    expect(sent).not.toContain('During Outage');
  });
});
