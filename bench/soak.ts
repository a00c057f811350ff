// `npm run soak`: SOAK_SECONDS (default 60) of mixed reads and partial updates against the
// service, with 5% of backend requests faulted, then checks that nothing was lost:
// - every field holds the value of the last update that was answered as applying it;
// - no value of an update answered as failed is stored (nothing half-applied);
// - fewer than 1% of updates fail (retries absorb the faults);
// - the server never crashed, and its RSS at the end is within 20% of RSS after warm-up.
// Loopback only; stops by itself. Writes bench/soak-result.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { encodeCustomerId } from '../src/customers/global-id.js';
import { EMULATOR_KEYS, sourcesEnv, startEmulatorsProcess, startServerProcess } from '../test/support/processes.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WARMUP_SECONDS = Math.min(10, SECONDS / 6);
const WORKERS = 16;
const FAULT_RATE = 0.05;

const emulators = await startEmulatorsProcess({ FLEXPORTAL_EMULATOR_RATE_LIMIT: '100000000' });
const server = await startServerProcess({
  ...sourcesEnv(emulators),
  BACKEND_TIMEOUT_MS: '1000',
  BACKEND_DEADLINE_MS: '5000',
  BACKEND_RETRY_BASE_MS: '20',
});
const graphql = new Pool(new URL(server.url).origin, { connections: WORKERS });

interface Slot {
  source: 'flowglad' | 'flexportal';
  key: string;
  /** field → the value of the last update answered as applying it */
  applied: Map<string, unknown>;
  /** values sent by updates that were answered as failed */
  failed: Set<string>;
}

// One customer per worker, so each worker's updates of its customer are ordered.
const slots: Slot[] = [];
for (let i = 0; i < WORKERS; i++) {
  const source = i % 2 === 0 ? 'flowglad' : 'flexportal';
  const key = source === 'flowglad' ? `soak-${i}` : `cus_soak_${i}`;
  const record =
    source === 'flowglad'
      ? { externalId: key, name: `Soak Customer${i}`, email: `soak${i}@example.com` }
      : { customerId: key, firstName: 'Soak', lastName: `Customer${i}`, lastBillingAddress: { contactName: 'Soak', streetAddress: '1 Main St', city: 'Start', country: 'Sweden' } };
  const url = source === 'flowglad' ? emulators.flowglad : emulators.flexportal;
  await fetch(`${url}/__emulator/customers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) });
  slots.push({ source, key, applied: new Map(), failed: new Set() });
}

const UPDATE = `mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { changes { field to } userErrors { code field } } }`;
const READ = `query ($id: ID!) { customer(id: $id) { id name email updatedAt } }`;

const failures = new Map<string, number>();
const countFailure = (errors: unknown[] | undefined) => {
  const first = errors?.[0] as { message?: string; extensions?: { code?: string } } | undefined;
  const key = `${first?.extensions?.code ?? 'NO_DATA'}: ${first?.message ?? ''}`;
  failures.set(key, (failures.get(key) ?? 0) + 1);
};
const stats = { reads: 0, readErrors: 0, updates: 0, updatesApplied: 0, updatesFailed: 0, notApplied: 0, backendRequests: 0, faultsInjected: 0 };
let sequence = 0;

/** A partial update with values unique to this update. */
function nextUpdate(slot: Slot): { input: Record<string, unknown>; values: Record<string, string> } {
  const n = ++sequence;
  const pick = n % 3;
  if (slot.source === 'flowglad') {
    const values: Record<string, string>[] = [{ domain: `d${n}.example` }, { logoUrl: `https://cdn.example/${n}.png` }, { name: `Soak N${n}` }];
    return { input: values[pick]!, values: values[pick]! };
  }
  if (pick === 2) return { input: { billingAddress: { country: 'SE', city: `City ${n}` } }, values: { 'billingAddress.city': `City ${n}` } };
  const values: Record<string, string>[] = [{ company: `Company ${n}` }, { phone: `+4670${String(1_000_000 + n).slice(-7)}` }];
  return { input: values[pick]!, values: values[pick]! };
}

interface UpdatePayload {
  changes: { field: string[]; to: unknown }[];
  userErrors: { code: string }[];
}

async function post(body: unknown): Promise<{ data?: { updateCustomer?: UpdatePayload } | null; errors?: unknown[] }> {
  const res = await graphql.request({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.body.json()) as { data?: { updateCustomer?: UpdatePayload } | null; errors?: unknown[] };
}

async function worker(slot: Slot, until: number) {
  const id = encodeCustomerId({ source: slot.source, externalId: slot.key });
  while (Date.now() < until) {
    if (Math.random() < 0.6) {
      stats.reads++;
      stats.backendRequests++;
      const result = await post({ query: READ, variables: { id } });
      if (result.errors) {
        stats.readErrors++;
        countFailure(result.errors);
      }
      continue;
    }
    const { input, values } = nextUpdate(slot);
    stats.updates++;
    stats.backendRequests += 2;
    const result = await post({ query: UPDATE, variables: { input: { id, ...input } } });
    const payload = result.data?.updateCustomer;
    if (!payload || result.errors) {
      stats.updatesFailed++;
      countFailure(result.errors);
      for (const value of Object.values(values)) slot.failed.add(value);
      continue;
    }
    stats.notApplied += payload.userErrors.filter((e) => e.code === 'NOT_APPLIED').length;
    for (const change of payload.changes) slot.applied.set(change.field.join('.'), change.to);
    if (payload.changes.length > 0) stats.updatesApplied++;
  }
}

/** Keeps injected faults at FAULT_RATE of the backend requests made so far. */
async function injectFaults(until: number) {
  const kinds = [{ status: 503 }, { status: 502 }, { status: 504 }, { dropConnection: true }, { latencyMs: 50 }];
  while (Date.now() < until) {
    const due = Math.floor(stats.backendRequests * FAULT_RATE) - stats.faultsInjected;
    for (let i = 0; i < due; i++) {
      const url = Math.random() < 0.5 ? emulators.flowglad : emulators.flexportal;
      const fault = kinds[Math.floor(Math.random() * kinds.length)];
      await fetch(`${url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
      stats.faultsInjected++;
    }
    // Often, so faults are spread over the requests rather than queued in bursts.
    await sleep(10);
  }
}

const rssMb = () => {
  const line = readFileSync(`/proc/${server.process.child.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
};

const start = Date.now();
const until = start + SECONDS * 1000;
let rssAfterWarmup = 0;
const warmup = sleep(WARMUP_SECONDS * 1000).then(() => (rssAfterWarmup = rssMb()));
const rssSamples: number[] = [];
const sample = (async () => {
  while (Date.now() < until - 2500) {
    await sleep(5000);
    rssSamples.push(Math.round(rssMb()));
  }
})();
await Promise.all([...slots.map((slot) => worker(slot, until)), injectFaults(until), warmup, sample]);
const rssEnd = rssMb();
const alive = server.process.child.exitCode === null && (await fetch(server.url.replace('/graphql', '/health'))).ok;

// Verification straight from the backends' REST APIs, faults cleared.
for (const url of [emulators.flowglad, emulators.flexportal]) await fetch(`${url}/__emulator/faults`, { method: 'DELETE' });
const mismatches: unknown[] = [];
const failedButStored: unknown[] = [];
let checkedFields = 0;
for (const slot of slots) {
  const flow = slot.source === 'flowglad';
  const res = await fetch(flow ? `${emulators.flowglad}/api/v1/customers/${slot.key}` : `${emulators.flexportal}/v1/customers/${slot.key}`, {
    headers: flow ? { authorization: EMULATOR_KEYS.flowglad } : { authorization: `Bearer ${EMULATOR_KEYS.flexportal}`, 'tenant-id': EMULATOR_KEYS.tenant },
  });
  const record = ((await res.json()) as { customer: Record<string, string | null | undefined> & { lastBillingAddress?: { city?: string } } }).customer;
  const stored: Record<string, unknown> = flow
    ? { domain: record.domain, logoUrl: record.logoURL, name: record.name }
    : { company: record.company, phone: record.phone, 'billingAddress.city': record.lastBillingAddress?.city };
  for (const [field, expected] of slot.applied) {
    if (!(field in stored)) continue;
    checkedFields++;
    if (stored[field] !== expected) mismatches.push({ customer: slot.key, field, expected, stored: stored[field] });
  }
  for (const value of Object.values(stored)) if (slot.failed.has(String(value))) failedButStored.push({ customer: slot.key, value });
}

const ratio = rssEnd / rssAfterWarmup;
const result = {
  ranAt: new Date().toISOString(),
  seconds: SECONDS,
  workers: WORKERS,
  faultRate: FAULT_RATE,
  ...stats,
  operationsPerSecond: Math.round((stats.reads + stats.updates) / SECONDS),
  failures: Object.fromEntries([...failures].sort((a, b) => b[1] - a[1])),
  verification: { checkedFields, mismatches, failedButStored },
  serverAlive: alive,
  rssMb: { afterWarmup: Math.round(rssAfterWarmup), end: Math.round(rssEnd), ratio: Number(ratio.toFixed(3)), every5s: rssSamples },
};
// Retries must absorb the injected faults: an update fails only when all its attempts were hit.
const failedShare = stats.updatesFailed / stats.updates;
const pass =
  mismatches.length === 0 && failedButStored.length === 0 && alive && ratio <= 1.2 && ratio >= 0.8 && stats.updatesApplied > 0 && failedShare < 0.01;
writeFileSync('bench/soak-result.json', `${JSON.stringify({ pass, ...result }, null, 2)}\n`);
console.log(JSON.stringify({ pass, ...result }, null, 2));

await graphql.close();
const exitCode = await server.process.stop();
await emulators.process.stop();
process.exit(pass && exitCode === 0 ? 0 : 1);
