// The subscriptions scenario: 1,000 customerChanged subscriptions held open against the service
// started exactly as `npm run serve` starts it (over the emulators, in their own process), each
// an SSE stream on a connection of its own, and the service's RSS before, with them open, after
// one update reached every one of them, and after they closed. `npm run bench` runs it after the
// load scenarios; `npm run bench:subscriptions` runs it alone and writes its part of
// bench/results.json (`subscriptions`), leaving the rest as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { encodeCustomerId } from '../src/customers/global-id.js';
import { buildForServe, memoryMb, SERVE, sourcesEnv, startEmulatorsProcess, startServerProcess } from '../support/processes.js';
import { subscribe, type Subscription } from '../support/sse.js';

const SUBSCRIPTIONS = 1000;
const KEY = 'bench-key';
const HEADERS = { authorization: `Bearer ${KEY}` };
const CUSTOMER = encodeCustomerId({ source: 'flexportal', externalId: 'cus_1001' });
/** What a frontend asks for: the editable fields of the customer it shows. */
const CHANGED = 'subscription ($id: ID!) { customerChanged(id: $id) { id name email company phone status updatedAt } }';
/** How long RSS is left to settle before each reading (V8's GC, freed pages). */
const SETTLE_MS = 2000;

export interface SubscriptionsResult {
  subscriptions: number;
  /** VmRSS, MB: idle after a warm-up; with every subscription open; after one update reached them all; after they closed. */
  rssIdleMb: number;
  rssOpenMb: number;
  rssAfterEventMb: number;
  rssClosedMb: number;
  /** RSS added per open subscription, KB. */
  kbPerSubscription: number;
  /** VmHWM over the scenario, MB. */
  peakRssMb: number;
  /** Opening them all, one at a time as fast as each is answered. */
  openMs: number;
  /** From sending the update to the last subscriber having its event. */
  fanOutMs: number;
}

export async function measureSubscriptions(): Promise<SubscriptionsResult> {
  await buildForServe();
  const emulators = await startEmulatorsProcess({ FLEXPORTAL_EMULATOR_RATE_LIMIT: '1000000' });
  const service = await startServerProcess(
    { ...sourcesEnv(emulators), API_KEYS: KEY, MAX_SUBSCRIPTIONS: String(SUBSCRIPTIONS), MAX_CONNECTIONS: String(SUBSCRIPTIONS + 100) },
    SERVE,
    { keepOutput: false },
  );
  const pid = service.process.child.pid!;
  const post = (query: string, variables: Record<string, unknown>) =>
    fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json', ...HEADERS }, body: JSON.stringify({ query, variables }) });
  const open = async () => {
    const text = await (await fetch(service.url.replace(/\/graphql$/, '/metrics'), { headers: HEADERS })).text();
    return Number(/^customer_graph_subscriptions_open (\d+)/m.exec(text)?.[1]);
  };
  const rssAfterSettling = async () => {
    await sleep(SETTLE_MS);
    return memoryMb(pid, 'VmRSS');
  };
  try {
    // Warm-up: the code paths of a read, an update and a subscription, before the idle reading.
    for (let n = 0; n < 20; n++) await post('query ($id: ID!) { customer(id: $id) { id name } }', { id: CUSTOMER });
    const warm = await subscribe(service.url, { query: CHANGED, variables: { id: CUSTOMER } }, HEADERS);
    await warm.close();
    const rssIdleMb = await rssAfterSettling();

    const openedAt = performance.now();
    const streams: Subscription[] = [];
    for (let n = 0; n < SUBSCRIPTIONS; n++) streams.push(await subscribe(service.url, { query: CHANGED, variables: { id: CUSTOMER } }, HEADERS));
    const openMs = performance.now() - openedAt;
    while ((await open()) < SUBSCRIPTIONS) await sleep(100);
    const rssOpenMb = await rssAfterSettling();

    const sentAt = performance.now();
    const events = Promise.all(streams.map((stream) => stream.next(30_000)));
    const update = await post('mutation ($id: ID!) { updateCustomer(input: { id: $id, company: "Fan-out" }) { userErrors { code } } }', { id: CUSTOMER });
    if (!update.ok) throw new Error(`the update answered ${update.status}`);
    const received = await events;
    const fanOutMs = performance.now() - sentAt;
    const missed = received.filter((event) => JSON.stringify(event?.data ?? null).includes('Fan-out') === false).length;
    if (missed > 0) throw new Error(`${missed} of ${SUBSCRIPTIONS} subscribers did not get the update`);
    const rssAfterEventMb = await rssAfterSettling();

    await Promise.all(streams.map((stream) => stream.close()));
    while ((await open()) > 0) await sleep(100);
    const rssClosedMb = await rssAfterSettling();
    return {
      subscriptions: SUBSCRIPTIONS,
      rssIdleMb,
      rssOpenMb,
      rssAfterEventMb,
      rssClosedMb,
      kbPerSubscription: Math.round(((rssOpenMb - rssIdleMb) * 1024) / SUBSCRIPTIONS),
      peakRssMb: memoryMb(pid, 'VmHWM'),
      openMs: Math.round(openMs),
      fanOutMs: Math.round(fanOutMs),
    };
  } finally {
    await service.process.stop();
    await emulators.process.stop();
  }
}

/** One line for the results table. */
export const describeSubscriptions = (r: SubscriptionsResult) =>
  `${r.subscriptions} customerChanged subscriptions open (SSE, one connection each): RSS ${r.rssIdleMb} MB idle → ${r.rssOpenMb} MB open (${r.kbPerSubscription} KB each), ` +
  `${r.rssAfterEventMb} MB after one update reached all ${r.subscriptions} in ${r.fanOutMs} ms, ${r.rssClosedMb} MB once closed; peak ${r.peakRssMb} MB.`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureSubscriptions();
  const file = 'bench/results.json';
  const results: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  writeFileSync(file, `${JSON.stringify({ ...results, subscriptions: { ranAt: new Date().toISOString(), node: process.version, ...result } }, null, 2)}\n`);
  console.log(describeSubscriptions(result));
  process.exit(0);
}
