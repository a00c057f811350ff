// `npm run soak`: SOAK_SECONDS (default 60) of mixed reads and partial updates against the
// service, with 5% of backend requests faulted (late-landing writes included), then checks that
// nothing was lost:
// - every field holds the value of the last update that was answered as applying it (or of an
//   update after it answered with outcome UNKNOWN: "may or may not have been applied");
// - no value of an update answered as failed (outcome NOT_WRITTEN, or refused) is stored;
// - fewer than 1% of updates fail (retries absorb the faults);
// - no server crashed, and each one's RSS at the end is within 20% of its RSS after warm-up.
// Half the workers are clients that give up waiting after CLIENT_TIMEOUT_MS and retry with the
// same idempotency key (the first request still running); it then checks that no key's update
// was written by two of its requests, and that every answer a key's requests got is the same one.
// SOAK_REPLICAS=2 runs two server processes coordinated through a Redis of its own (Debian's
// redis-server), and workers share customers: each owns some fields of a customer whose other
// fields (parts of the same address) other workers update through the other replica; a client's
// retry goes through the other replica.
// Loopback only; stops by itself. Writes bench/soak-result.json (bench/soak-result-replicas.json).
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { z } from 'zod';
import { encodeCustomerId } from '../src/customers/global-id.js';
import { LoggedRequest } from '../src/emulators/control.js';
import { CustomerBody, StoredAddress } from '../support/answer.js';
import { EMULATOR_KEYS, sourcesEnv, startEmulatorsProcess, startServerProcess } from '../support/processes.js';
import { startRedis } from '../support/redis.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const REPLICAS = Number(process.env.SOAK_REPLICAS ?? 1);
const WARMUP_SECONDS = Math.min(10, SECONDS / 6);
const WORKERS = 16;
const FAULT_RATE = 0.05;
/** How long a retrying client waits for an answer before it sends the update again with the same key. */
const CLIENT_TIMEOUT_MS = 250;
/** A retrying client's requests per update, the first included. */
const MAX_TRIES = 6;

const redis = REPLICAS > 1 ? await startRedis() : null;
const emulators = await startEmulatorsProcess({ FLEXPORTAL_EMULATOR_RATE_LIMIT: '100000000' });
const servers = await Promise.all(
  Array.from({ length: REPLICAS }, () =>
    startServerProcess({
      ...sourcesEnv(emulators),
      BACKEND_TIMEOUT_MS: '1000',
      BACKEND_DEADLINE_MS: '5000',
      BACKEND_RETRY_BASE_MS: '20',
      ...(redis ? { REDIS_URL: redis.url } : {}),
    }),
  ),
);
// Room for the requests a retrying client stopped waiting for, still running.
const pools = servers.map((server) => new Pool(new URL(server.url).origin, { connections: WORKERS * MAX_TRIES }));

type Field =
  | 'domain'
  | 'logoUrl'
  | 'name'
  | 'company'
  | 'phone'
  | 'billingAddress.city'
  | 'billingAddress.line1'
  | 'billingAddress.postalCode'
  | 'billingAddress.locality';

interface Slot {
  source: 'flowglad' | 'flexportal';
  key: string;
  /** The fields only this worker updates. */
  fields: Field[];
  /** The replica this worker talks to. */
  pool: Pool;
  /** Whether this worker is a client that times out and retries with the same idempotency key; its retries go to `retryPool`. */
  retrying: boolean;
  retryPool: Pool;
  /** field → the value of the last update answered as applying it */
  applied: Map<string, unknown>;
  /** field → values of updates after that one answered with outcome UNKNOWN (either may be stored) */
  unknown: Map<string, string[]>;
  /** values sent by updates that were answered as failed: none of them may be stored */
  failed: Set<string>;
}

/**
 * One replica: a customer per worker, all its fields, so each worker's updates of its customer
 * are ordered. Several: customers shared by workers on different replicas, each worker owning
 * some fields (FlexPortal: one part of the billing address, written whole on every update).
 */
function layout(): Pick<Slot, 'source' | 'key' | 'fields'>[] {
  if (REPLICAS === 1) {
    return Array.from({ length: WORKERS }, (_, i) =>
      i % 2 === 0
        ? { source: 'flowglad', key: `soak-${i}`, fields: ['domain', 'logoUrl', 'name'] }
        : { source: 'flexportal', key: `cus_soak_${i}`, fields: ['company', 'phone', 'billingAddress.city'] },
    );
  }
  const flowglad: Field[][] = [['domain', 'name'], ['logoUrl']];
  const flexportal: Field[][] = [['billingAddress.city'], ['billingAddress.line1'], ['billingAddress.postalCode'], ['billingAddress.locality', 'company']];
  return [
    ...Array.from({ length: WORKERS / 2 }, (_, i) => ({ source: 'flowglad' as const, key: `soak-${i >> 1}`, fields: flowglad[i % 2]! })),
    ...Array.from({ length: WORKERS / 2 }, (_, i) => ({ source: 'flexportal' as const, key: `cus_soak_${i >> 2}`, fields: flexportal[i % 4]! })),
  ];
}

const slots: Slot[] = layout().map((slot, i) => ({
  ...slot,
  pool: pools[i % REPLICAS]!,
  // Every other pair: both backends, and with two replicas both of them, have retrying clients.
  retrying: i % 4 >= 2,
  retryPool: pools[(i + 1) % REPLICAS]!,
  applied: new Map(),
  unknown: new Map(),
  failed: new Set(),
}));
// Each customer once, though several slots may share it.
for (const { source, key: id } of new Map(slots.map((slot) => [`${slot.source} ${slot.key}`, slot])).values()) {
  const record =
    source === 'flowglad'
      ? { externalId: id, name: `Soak Customer${id.slice(5)}`, email: `${id}@example.com` }
      : {
          customerId: id,
          firstName: 'Soak',
          lastName: 'Customer',
          lastBillingAddress: { contactName: 'Soak', streetAddress: '1 Main St', city: 'Start', country: 'Sweden' },
        };
  await fetch(`${emulators[source]}/__emulator/customers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) });
}

const UPDATE = `mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { changes { field to } userErrors { code field } } }`;
/**
 * A retrying client's update selects no `changes`, so it writes without reading first: a request
 * of its key that ran the update again would write again. `updatedAt` tells one write from another.
 */
const KEYED_UPDATE = `mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { updatedAt } userErrors { code field } replayed } }`;
const READ = `query ($id: ID!) { customer(id: $id) { id name email updatedAt } }`;

const failures = new Map<string, number>();
/** Counts a failure by code and message; answers its outcome (extensions.outcome), if any. */
const countFailure = (errors: SoakError[] | undefined): string | undefined => {
  const first = errors?.[0];
  const key = `${first?.extensions?.code ?? 'NO_DATA'}: ${first?.message ?? ''}`;
  failures.set(key, (failures.get(key) ?? 0) + 1);
  return first?.extensions?.outcome;
};
const stats = {
  reads: 0,
  readErrors: 0,
  updates: 0,
  updatesApplied: 0,
  updatesFailed: 0,
  /** Of the failed: answered with outcome UNKNOWN. */
  updatesUnknown: 0,
  notApplied: 0,
  /** Backend requests of answered operations (faults are injected at a share of these). */
  backendRequests: 0,
  faultsInjected: 0,
  /** Updates of retrying clients (each with its own idempotency key), those that failed after every try, those sent more than once, and the extra requests. */
  keyedUpdates: 0,
  keyedFailed: 0,
  keyedRetried: 0,
  retries: 0,
  /** Answers with replayed: true. */
  replayed: 0,
};

/** A retrying client's update that it sent more than once: every request's answer, to compare once all have come. */
interface Retried {
  key: string;
  source: Slot['source'];
  answers: Promise<SoakAnswerBody | null>[];
}
const retried: Retried[] = [];
let sequence = 0;

/** A value unique to update `n` for a field. */
function valueFor(field: Field, n: number): string {
  switch (field) {
    case 'domain':
      return `d${n}.example`;
    case 'logoUrl':
      return `https://cdn.example/${n}.png`;
    case 'name':
      return `Soak N${n}`;
    case 'company':
      return `Company ${n}`;
    case 'phone':
      return `+4670${String(1_000_000 + n).slice(-7)}`;
    default:
      return `${field.split('.')[1]} ${n}`;
  }
}

/** A partial update of one of the worker's fields, with a value unique to this update. */
function nextUpdate(slot: Slot): { input: Record<string, unknown>; values: Record<string, string>; n: number } {
  const n = ++sequence;
  const field = slot.fields[n % slot.fields.length]!;
  const value = valueFor(field, n);
  const [head = field, part] = field.split('.');
  return { input: part ? { [head]: { country: 'SE', [part]: value } } : { [head]: value }, values: { [field]: value }, n };
}

/** What an answer is read for: an update's changes and user errors, the first error's code and outcome. */
const SoakAnswer = z.looseObject({
  data: z
    .looseObject({
      updateCustomer: z
        .looseObject({
          customer: z.looseObject({ updatedAt: z.string().nullable() }).nullish(),
          changes: z.array(z.looseObject({ field: z.array(z.string()), to: z.unknown() })).optional(),
          userErrors: z.array(z.looseObject({ code: z.string() })),
          replayed: z.boolean().optional(),
        })
        .optional(),
    })
    .nullish(),
  errors: z
    .array(
      z.looseObject({ message: z.string().optional(), extensions: z.looseObject({ code: z.string().optional(), outcome: z.string().optional() }).optional() }),
    )
    .optional(),
});
type SoakAnswerBody = z.infer<typeof SoakAnswer>;
type SoakError = NonNullable<SoakAnswerBody['errors']>[number];

async function post(pool: Pool, body: unknown, requestId?: string) {
  const headers = { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) };
  const res = await pool.request({ method: 'POST', path: '/graphql', headers, body: JSON.stringify(body) });
  return SoakAnswer.parse(await res.body.json());
}

/**
 * A retrying client's update: sent with an idempotency key; when no answer comes within
 * CLIENT_TIMEOUT_MS, or a failure comes that a retry may mend, sent again with the same key (the
 * earlier requests left running), up to MAX_TRIES requests; the last is waited for. Answers the
 * first payload (or the last failure) and how many requests were sent. Each request's id is
 * `<key>.<try>`, which the backends see.
 */
async function keyedUpdate(slot: Slot, input: Record<string, unknown>, key: string): Promise<{ result: SoakAnswerBody; tries: number }> {
  stats.keyedUpdates++;
  const keyed = { query: KEYED_UPDATE, variables: { input: { ...input, idempotencyKey: key } } };
  const answers: Promise<SoakAnswerBody | null>[] = [];
  let answer: SoakAnswerBody | null = null;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    // Retries alternate between the replicas, as a load balancer may send them.
    const sent = post(attempt % 2 === 0 ? slot.pool : slot.retryPool, keyed, `${key}.${attempt}`);
    answers.push(sent.catch(() => null));
    answer = attempt === MAX_TRIES - 1 ? await sent : await Promise.race([sent, sleep(CLIENT_TIMEOUT_MS, null)]);
    // Timed out, or failed: what a client with a key does is ask again.
    if (answer?.data?.updateCustomer && !answer.errors) break;
  }
  if (answers.length > 1) {
    stats.keyedRetried++;
    stats.retries += answers.length - 1;
    retried.push({ key, source: slot.source, answers });
  }
  // The last try is waited for: there is an answer.
  return { result: answer!, tries: answers.length };
}

async function worker(slot: Slot, until: number) {
  const id = encodeCustomerId({ source: slot.source, externalId: slot.key });
  while (Date.now() < until) {
    if (Math.random() < 0.6) {
      stats.reads++;
      const result = await post(slot.pool, { query: READ, variables: { id } });
      if (result.errors) {
        stats.readErrors++;
        countFailure(result.errors);
      } else {
        stats.backendRequests++;
      }
      continue;
    }
    const { input, values, n } = nextUpdate(slot);
    stats.updates++;
    const { result, tries } = slot.retrying
      ? await keyedUpdate(slot, { id, ...input }, `soak-${n}`)
      : { result: await post(slot.pool, { query: UPDATE, variables: { input: { id, ...input } } }), tries: 1 };
    const payload = result.data?.updateCustomer;
    if (!payload || result.errors) {
      stats.updatesFailed++;
      if (slot.retrying) stats.keyedFailed++;
      const answered = countFailure(result.errors);
      // A request of the key that was given up on may still write: the last answer does not tell.
      const outcome = tries > 1 ? 'UNKNOWN' : answered;
      for (const [field, value] of Object.entries(values)) {
        if (outcome === 'UNKNOWN') slot.unknown.set(field, [...(slot.unknown.get(field) ?? []), value]);
        else slot.failed.add(value);
      }
      if (outcome === 'UNKNOWN') stats.updatesUnknown++;
      continue;
    }
    if (payload.replayed) stats.replayed++;
    // Counted only when answered: calls refused while a circuit is open add no faults.
    stats.backendRequests += 2;
    stats.notApplied += payload.userErrors.filter((e) => e.code === 'NOT_APPLIED').length;
    // Without `changes` (a retrying client's), a payload without user errors says every value is stored.
    const changes = payload.changes ?? (payload.userErrors.length === 0 ? Object.entries(values).map(([field, to]) => ({ field: field.split('.'), to })) : []);
    // Only the fields this worker owns: a name change also reports firstName/lastName.
    for (const change of changes) {
      const field = change.field.join('.');
      if (!(field in values)) continue;
      slot.applied.set(field, change.to);
      slot.unknown.delete(field);
    }
    if (changes.length > 0) stats.updatesApplied++;
  }
}

/**
 * Keeps injected faults at FAULT_RATE of the backend requests made so far. Besides 5xx, dropped
 * connections and latency: writes that land late (held beyond the timeout before they are
 * handled, while their retry goes on) and writes stored at once but answered late.
 */
async function injectFaults(until: number) {
  const kinds = [
    { status: 503 },
    { status: 502 },
    { status: 504 },
    { dropConnection: true },
    { latencyMs: 50 },
    { method: 'PUT', latencyMs: 1500 },
    { method: 'PUT', latencyMs: 1500, afterApply: true },
  ];
  // Write faults wait in the emulator's queue for a write; while one waits, no other is added,
  // else they pile up where writes are rare (customers shared by several workers) and hold
  // every write, instead of 5% of the requests.
  const writeFaultWaiting = new Map<string, boolean>();
  while (Date.now() < until) {
    const due = Math.floor(stats.backendRequests * FAULT_RATE) - stats.faultsInjected;
    for (let i = 0; i < due; i++) {
      const url = Math.random() < 0.5 ? emulators.flowglad : emulators.flexportal;
      const choices = writeFaultWaiting.get(url) ? kinds.filter((kind) => !('method' in kind)) : kinds;
      const fault = choices[Math.floor(Math.random() * choices.length)];
      const res = await fetch(`${url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
      const { pending } = z.object({ pending: z.array(z.looseObject({ method: z.string().optional() })) }).parse(await res.json());
      writeFaultWaiting.set(
        url,
        pending.some((queued) => queued.method !== undefined),
      );
      stats.faultsInjected++;
    }
    // Often, so faults are spread over the requests rather than queued in bursts.
    await sleep(10);
  }
}

const rssMb = (server: (typeof servers)[number]) => {
  const line = readFileSync(`/proc/${server.process.child.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
};

const start = Date.now();
const until = start + SECONDS * 1000;
let rssAfterWarmup: number[] = [];
const warmup = sleep(WARMUP_SECONDS * 1000).then(() => (rssAfterWarmup = servers.map(rssMb)));
const rssSamples: number[][] = [];
const sample = (async () => {
  while (Date.now() < until - 2500) {
    await sleep(5000);
    rssSamples.push(servers.map((server) => Math.round(rssMb(server))));
  }
})();
await Promise.all([...slots.map((slot) => worker(slot, until)), injectFaults(until), warmup, sample]);
// Writes held by faults settle before anything is checked.
await sleep(2000);
const rssEnd = servers.map(rssMb);
const alive = (
  await Promise.all(servers.map(async (server) => server.process.child.exitCode === null && (await fetch(server.url.replace('/graphql', '/health'))).ok))
).every(Boolean);

// Verification straight from the backends' REST APIs, faults cleared.
for (const url of [emulators.flowglad, emulators.flexportal]) await fetch(`${url}/__emulator/faults`, { method: 'DELETE' });

// A retried update's requests: every answer that is a payload must be the same answer (replayed
// or not), and at most one of its requests may have had a write stored (a 2xx; a request's own
// attempts share its id). A payload with BACKEND_FAILED is not a kept answer: a retry finishes it.
const logs = Object.fromEntries(
  await Promise.all(
    (['flowglad', 'flexportal'] as const).map(async (source) => {
      const res = await fetch(`${emulators[source]}/__emulator/requests`);
      return [source, z.object({ requests: z.array(LoggedRequest) }).parse(await res.json()).requests] as const;
    }),
  ),
);
const answersDiffering: unknown[] = [];
const writtenTwice: unknown[] = [];
let answersCompared = 0;
for (const { key, source, answers } of retried) {
  const payloads = (await Promise.all(answers)).flatMap((answer) => {
    const payload = answer && !answer.errors ? answer.data?.updateCustomer : undefined;
    return payload?.userErrors.every((error) => error.code !== 'BACKEND_FAILED') ? [JSON.stringify({ ...payload, replayed: undefined })] : [];
  });
  answersCompared += Math.max(0, payloads.length - 1);
  if (new Set(payloads).size > 1) answersDiffering.push({ key, payloads });
  const writers = new Set(
    logs[source]!.filter((r) => r.method !== 'GET' && r.status !== null && r.status >= 200 && r.status < 300 && r.requestId?.startsWith(`${key}.`)).map(
      (r) => r.requestId,
    ),
  );
  if (writers.size > 1) writtenTwice.push({ key, requests: [...writers] });
}
const mismatches: unknown[] = [];
const failedButStored: unknown[] = [];
let checkedFields = 0;
for (const slot of slots) {
  const flow = slot.source === 'flowglad';
  const res = await fetch(flow ? `${emulators.flowglad}/api/v1/customers/${slot.key}` : `${emulators.flexportal}/v1/customers/${slot.key}`, {
    headers: flow ? { authorization: EMULATOR_KEYS.flowglad } : { authorization: `Bearer ${EMULATOR_KEYS.flexportal}`, 'tenant-id': EMULATOR_KEYS.tenant },
  });
  const record = CustomerBody.parse(await res.json()).customer;
  const address = StoredAddress.optional().parse(record.lastBillingAddress) ?? {};
  const stored: Record<string, unknown> = {
    domain: record.domain,
    logoUrl: record.logoURL,
    name: record.name,
    company: record.company,
    phone: record.phone,
    'billingAddress.city': address.city,
    'billingAddress.line1': address.streetAddress,
    'billingAddress.postalCode': address.postalCode,
    'billingAddress.locality': address.locality,
  };
  for (const [field, expected] of slot.applied) {
    checkedFields++;
    const allowed = [expected, ...(slot.unknown.get(field) ?? [])];
    if (!allowed.includes(stored[field])) mismatches.push({ customer: slot.key, field, allowed, stored: stored[field] });
  }
  for (const field of slot.fields) if (slot.failed.has(String(stored[field]))) failedButStored.push({ customer: slot.key, field, value: stored[field] });
}

const ratios = rssEnd.map((end, i) => end / rssAfterWarmup[i]!);
const result = {
  ranAt: new Date().toISOString(),
  seconds: SECONDS,
  replicas: REPLICAS,
  workers: WORKERS,
  faultRate: FAULT_RATE,
  ...stats,
  operationsPerSecond: Math.round((stats.reads + stats.updates) / SECONDS),
  failures: Object.fromEntries([...failures].sort((a, b) => b[1] - a[1])),
  verification: { checkedFields, mismatches, failedButStored },
  retryingClients: {
    workers: slots.filter((slot) => slot.retrying).length,
    clientTimeoutMs: CLIENT_TIMEOUT_MS,
    maxTries: MAX_TRIES,
    answersCompared,
    answersDiffering,
    writtenTwice,
  },
  serverAlive: alive,
  rssMb: servers.map((_, i) => ({
    afterWarmup: Math.round(rssAfterWarmup[i]!),
    end: Math.round(rssEnd[i]!),
    ratio: Number(ratios[i]!.toFixed(3)),
    every5s: rssSamples.map((sampled) => sampled[i]),
  })),
};
// Retries must absorb the injected faults: an update fails only when all its attempts were hit.
const failedShare = stats.updatesFailed / stats.updates;
const pass =
  mismatches.length === 0 &&
  failedButStored.length === 0 &&
  answersDiffering.length === 0 &&
  writtenTwice.length === 0 &&
  stats.keyedRetried > 0 &&
  alive &&
  ratios.every((ratio) => ratio <= 1.2 && ratio >= 0.8) &&
  stats.updatesApplied > 0 &&
  failedShare < 0.01;
writeFileSync(REPLICAS > 1 ? 'bench/soak-result-replicas.json' : 'bench/soak-result.json', `${JSON.stringify({ pass, ...result }, null, 2)}\n`);
console.log(JSON.stringify({ pass, ...result }, null, 2));

await Promise.all(pools.map((pool) => pool.close()));
const exitCodes = await Promise.all(servers.map((server) => server.process.stop()));
await emulators.process.stop();
await redis?.stop();
process.exit(pass && exitCodes.every((code) => code === 0) ? 0 : 1);
