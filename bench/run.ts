// `npm run bench`: this service against its peers and the limit, over one upstream stub, measured
// interleaved in one run (loopback only; BENCH_ROUNDS × BENCH_SECONDS per target and scenario).
// Writes bench/results.json and the table in bench/README.md. Every target runs compiled with
// NODE_ENV=production on the `node` first on the PATH; the service runs exactly as `npm run serve`
// (and so `npm start`) runs it. The peers and autocannon are bench's own package (bench/package.json),
// installed here when bench/node_modules is missing or older than bench/package-lock.json.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { encodeCustomerId } from '../src/customers/global-id.js';
import { startGatewayCommand } from '../support/gateway.js';
import { portOf } from '../support/net.js';
import { listeningAt as listening, memoryMb, SERVE, spawnNode, startServerProcess } from '../support/processes.js';
import { LoadResult, type LoadRun } from './load-protocol.js';
import { describeSubscriptions, measureSubscriptions } from './subscriptions.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 32;
const UPSTREAM_DELAY_MS = 20;

const installed = 'bench/node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync('bench/package-lock.json').mtimeMs) {
  execFileSync('npm', ['--prefix', 'bench', 'ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
execFileSync('npm', ['--prefix', 'bench', 'run', 'check', '--silent'], { stdio: 'inherit' });
execFileSync('npm', ['--prefix', 'bench', 'run', 'build', '--silent'], { stdio: 'inherit' });

interface Target {
  name: string;
  label: string;
  url: string;
  pid: number;
  /** Whose requests it is sent (serviceTraced: the service's). */
  requestsOf: string;
  stop(): Promise<unknown>;
}

/** The service runs with authentication on, as users run it: every request it is sent carries this key. */
const BENCH_KEY = 'bench-key';
/** Targets' log lines are drained unread once they are up (an access line per request would otherwise be parsed here, on the cores the targets share). */
const UNREAD = { keepOutput: false };
const PRODUCTION = { NODE_ENV: 'production' };
const stub = await spawnNode('bench/dist/bench/stub.js', PRODUCTION, listening('stub listening'), UNREAD);
const STUB = stub.ready;
const started: Target[] = [];
const add = (name: string, label: string, url: string, pid: number, stop: () => Promise<unknown>, requestsOf = name) =>
  started.push({ name, label, url, pid, requestsOf, stop });

add('stub', 'upstream stub, directly', STUB, stub.process.child.pid!, () => stub.process.stop());
const proxy = await spawnNode('bench/dist/bench/peers/proxy.js', { ...PRODUCTION, STUB_URL: STUB }, listening('proxy listening'), UNREAD);
add('limit', 'bare Node proxy (undici)', proxy.ready, proxy.process.child.pid!, () => proxy.process.stop());
// The same proxy reading before it writes: what any update that reads first must do at least.
add('limitReadWrite', 'bare Node proxy, GET then PUT', proxy.ready, proxy.process.child.pid!, async () => undefined);
const SERVICE_ENV = { ...PRODUCTION, SOURCES: 'flowglad', SOURCE_FLOWGLAD_URL: STUB, SOURCE_FLOWGLAD_API_KEY: 'sk_test_emulator', API_KEYS: BENCH_KEY };
const service = await startServerProcess(SERVICE_ENV, SERVE, UNREAD);
add('service', 'customer-graph', service.url, service.process.child.pid!, () => service.process.stop());

// Tracing's cost: the same service exporting every span (OTLP over HTTP) to a sink that answers 200.
let spansExported = 0;
const sink = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    if (req.url === '/v1/traces') spansExported++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const traced = await startServerProcess(
  { ...SERVICE_ENV, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${portOf(sink)}`, OTEL_TRACES_SAMPLER: 'always_on' },
  SERVE,
  UNREAD,
);
add('serviceTraced', 'customer-graph, tracing every request', traced.url, traced.process.child.pid!, () => traced.process.stop(), 'service');

const apollo = await spawnNode('bench/dist/bench/peers/apollo.js', { ...PRODUCTION, STUB_URL: STUB }, listening('apollo listening'), UNREAD);
add('apollo', 'Apollo Server + RESTDataSource', apollo.ready, apollo.process.child.pid!, () => apollo.process.stop());
const floor = await spawnNode('bench/dist/bench/peers/yoga-floor.js', PRODUCTION, listening('yoga floor listening'), UNREAD);
add('yogaFloor', 'graphql-yoga answering from memory (no upstream)', floor.ready, floor.process.child.pid!, () => floor.process.stop());

let meshNote = 'Hive Gateway (its CLI) serving a GraphQL Mesh composition of the stub’s OpenAPI description';
try {
  const supergraph = join(mkdtempSync(join(tmpdir(), 'mesh-')), 'supergraph.graphql');
  execFileSync(join(process.cwd(), 'bench/node_modules/.bin/mesh-compose'), ['-o', supergraph], {
    cwd: 'bench/peers/mesh',
    env: { ...process.env, STUB_URL: STUB },
    stdio: 'pipe',
  });
  const gateway = await startGatewayCommand((port) => [
    'bench/node_modules/@graphql-hive/gateway/dist/bin.js',
    'supergraph',
    supergraph,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
  ]);
  add('mesh', 'Hive Gateway + Mesh OpenAPI', gateway.url, gateway.pid, gateway.stop);
} catch (error) {
  meshNote = `not measured: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
}

const gql = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const JSON_HEADERS = { 'content-type': 'application/json' };
const SERVICE_HEADERS = { ...JSON_HEADERS, authorization: `Bearer ${BENCH_KEY}` };
const UPDATE_INPUT = { input: { id: '{{id}}', email: 'u{{n}}@example.com' } };
const serviceUpdate = (selection: string) =>
  gql(
    `mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id email name updatedAt }${selection} userErrors { code } } }`,
    UPDATE_INPUT,
  );
const CUSTOMER_QUERY = gql('query ($id: ID!) { customer(id: $id) { id email name updatedAt } }', { id: '{{id}}' });

type Request = Omit<LoadRun, 'url' | 'connections' | 'seconds'>;
interface Scenario {
  connections: number;
  upstreamDelayMs: number;
  requests: Record<string, Request>;
}
const UPDATE: Record<string, Request> = {
  stub: {
    path: '/api/v1/customers/{{id}}',
    method: 'PUT',
    ids: 'key',
    body: '{"customer":{"email":"u{{n}}@example.com"}}',
    headers: { ...JSON_HEADERS, authorization: 'sk_test_emulator' },
  },
  limit: { path: '/update', method: 'POST', ids: 'key', body: '{"id":"{{id}}","email":"u{{n}}@example.com"}', headers: JSON_HEADERS },
  limitReadWrite: { path: '/read-update', method: 'POST', ids: 'key', body: '{"id":"{{id}}","email":"u{{n}}@example.com"}', headers: JSON_HEADERS },
  service: { path: '/graphql', method: 'POST', ids: 'global', body: serviceUpdate(''), headers: SERVICE_HEADERS },
  apollo: {
    path: '/',
    method: 'POST',
    ids: 'key',
    body: gql('mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id email name updatedAt } } }', UPDATE_INPUT),
    headers: JSON_HEADERS,
  },
  yogaFloor: {
    path: '/graphql',
    method: 'POST',
    ids: 'key',
    body: gql('mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id email name updatedAt } } }', UPDATE_INPUT),
    headers: JSON_HEADERS,
  },
  mesh: {
    path: '/graphql',
    method: 'POST',
    ids: 'key',
    body: gql(
      'mutation { updateCustomer(externalId: "{{id}}", input: { customer: { email: "u{{n}}@example.com" } }) { customer { id email name updatedAt } } }',
    ),
    headers: JSON_HEADERS,
  },
};
// The peers have no `changes`: they make their plain update, the GET-then-PUT proxy the least a read adds.
const UPDATE_WITH_CHANGES: Record<string, Request> = { ...UPDATE, service: { ...UPDATE.service!, body: serviceUpdate(' changes { field from to }') } };
const CUSTOMER: Record<string, Request> = {
  stub: { path: '/api/v1/customers/{{id}}', method: 'GET', ids: 'key', headers: { authorization: 'sk_test_emulator' } },
  limit: { path: '/customer/{{id}}', method: 'GET', ids: 'key' },
  service: { path: '/graphql', method: 'POST', ids: 'global', body: CUSTOMER_QUERY, headers: SERVICE_HEADERS },
  apollo: { path: '/', method: 'POST', ids: 'key', body: CUSTOMER_QUERY, headers: JSON_HEADERS },
  yogaFloor: { path: '/graphql', method: 'POST', ids: 'key', body: CUSTOMER_QUERY, headers: JSON_HEADERS },
  mesh: {
    path: '/graphql',
    method: 'POST',
    ids: 'key',
    body: gql('{ getCustomer(externalId: "{{id}}") { customer { id email name updatedAt } } }'),
    headers: JSON_HEADERS,
  },
};
const ENTITIES: Record<string, Request> = {
  service: {
    path: '/graphql',
    method: 'POST',
    ids: 'key',
    body: gql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id email name } } }', {
      r: Array.from({ length: 100 }, (_, i) => ({ __typename: 'Customer', id: encodeCustomerId({ source: 'flowglad', externalId: `entity-${i}` }) })),
    }),
    headers: SERVICE_HEADERS,
  },
};
/** The floor makes no upstream call: an upstream delay means nothing to it. */
const withUpstream = ({ yogaFloor: _, ...requests }: Record<string, Request>) => requests;
const SCENARIOS: Record<string, Scenario> = {
  updateCustomer: { connections: CONNECTIONS, upstreamDelayMs: 0, requests: UPDATE },
  updateCustomerWithChanges: { connections: CONNECTIONS, upstreamDelayMs: 0, requests: UPDATE_WITH_CHANGES },
  customer: { connections: CONNECTIONS, upstreamDelayMs: 0, requests: CUSTOMER },
  // What a user feels with the backend across the internet: one request at a time, each upstream call 20 ms.
  [`updateCustomerLatency${UPSTREAM_DELAY_MS}`]: { connections: 1, upstreamDelayMs: UPSTREAM_DELAY_MS, requests: withUpstream(UPDATE) },
  [`updateCustomerWithChangesLatency${UPSTREAM_DELAY_MS}`]: { connections: 1, upstreamDelayMs: UPSTREAM_DELAY_MS, requests: withUpstream(UPDATE_WITH_CHANGES) },
  [`customerLatency${UPSTREAM_DELAY_MS}`]: { connections: 1, upstreamDelayMs: UPSTREAM_DELAY_MS, requests: withUpstream(CUSTOMER) },
  // The latency the service adds on its own: one request at a time over the instant stub.
  updateCustomerSerial: { connections: 1, upstreamDelayMs: 0, requests: UPDATE },
  entities100: { connections: 8, upstreamDelayMs: 0, requests: ENTITIES },
};

interface Measure extends LoadResult {
  cpuUsPerRequest: number;
  rssMb: number;
}

const CLOCK_TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
/** The process's user + system CPU so far (all its threads), in µs. */
function cpuUs(pid: number): number {
  // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_US;
}

let upstreamDelayMs = 0;
async function setUpstreamDelay(ms: number) {
  if (ms === upstreamDelayMs) return;
  const answer = await fetch(`${STUB}/_delay?ms=${ms}`, { method: 'POST' });
  if (!answer.ok) throw new Error(`the stub refused a delay of ${ms} ms`);
  upstreamDelayMs = ms;
}

async function load(target: Target, scenario: Scenario, seconds = SECONDS): Promise<Measure> {
  await setUpstreamDelay(scenario.upstreamDelayMs);
  const request = scenario.requests[target.requestsOf]!;
  const run: LoadRun = { url: target.url.replace(/\/(graphql)?$/, ''), ...request, connections: scenario.connections, seconds };
  const cpuBefore = cpuUs(target.pid);
  const measure = await new Promise<LoadResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', JSON.stringify(run)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(LoadResult.parse(JSON.parse(out))) : reject(new Error(`load exited ${code}`))));
  });
  return { ...measure, cpuUsPerRequest: (cpuUs(target.pid) - cpuBefore) / Math.max(1, measure.requests), rssMb: memoryMb(target.pid, 'VmRSS') };
}

const targetsOf = (scenario: Scenario) => started.filter((t) => scenario.requests[t.requestsOf]);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
// Every target is warmed up first (JIT, connection pools), so the first measured round is not a cold start.
// One second was too short: under load the service still spent 3-4x its settled CPU per request in its
// first five seconds (V8 had not yet optimized its hot paths), and so did Apollo in less measure.
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 5);
for (const scenario of Object.values(SCENARIOS)) {
  for (const target of targetsOf(scenario)) await load(target, scenario, WARM_UP_SECONDS);
}
const samples: Record<string, Record<string, Measure[]>> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    const targets = targetsOf(scenario);
    // Rotate the order each round so no target always runs first or last.
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const target of order) {
      const measure = await load(target, scenario);
      const byTarget = samples[name] ?? {};
      byTarget[target.name] = [...(byTarget[target.name] ?? []), measure];
      samples[name] = byTarget;
      console.error(
        `round ${round + 1}/${ROUNDS} ${name} ${target.name}: ${Math.round(measure.requestsPerSec)} req/s, p50 ${measure.p50Ms} ms, ${Math.round(measure.cpuUsPerRequest)} µs CPU/req`,
      );
    }
  }
}
await setUpstreamDelay(0);
// Last, on a service of its own: 1,000 open streams, measured by RSS rather than by load.
const subscriptions = await measureSubscriptions();

/** The version of the node binary a target process runs (it is whatever `node` the PATH gave it). */
const nodeOf = (pid: number) => execFileSync(readlinkSync(`/proc/${pid}/exe`), ['--version'], { encoding: 'utf8' }).trim();

const results: Record<string, Record<string, Record<string, number>>> = {};
for (const [scenario, byTarget] of Object.entries(samples)) {
  for (const [name, measures] of Object.entries(byTarget)) {
    const target = started.find((t) => t.name === name)!;
    const of = (key: keyof Measure) => median(measures.map((m) => m[key]));
    results[scenario] ??= {};
    results[scenario][name] = {
      requestsPerSec: Math.round(of('requestsPerSec')),
      p50Ms: of('p50Ms'),
      p99Ms: of('p99Ms'),
      cpuUsPerRequest: Math.round(of('cpuUsPerRequest')),
      errors: measures.reduce((sum, m) => sum + m.errors + m.non2xx, 0),
      // RSS right after this scenario's runs (the largest): which scenario drives the peak.
      rssAfterMb: Math.max(...measures.map((m) => m.rssMb)),
      peakRssMb: memoryMb(target.pid, 'VmHWM'),
    };
  }
}

const LATENCY = (scenario: string) => `${scenario}Latency${UPSTREAM_DELAY_MS}`;
const ratio = (scenario: string, key: 'requestsPerSec' | 'p50Ms' | 'cpuUsPerRequest', a = 'service', b = 'apollo') =>
  Number((results[scenario]![a]![key]! / results[scenario]![b]![key]!).toFixed(3));
const ratios = {
  updateCustomerThroughputToApollo: ratio('updateCustomer', 'requestsPerSec'),
  customerThroughputToApollo: ratio('customer', 'requestsPerSec'),
  updateCustomerCpuPerRequestToApollo: ratio('updateCustomer', 'cpuUsPerRequest'),
  customerCpuPerRequestToApollo: ratio('customer', 'cpuUsPerRequest'),
  updateCustomerLatencyP50ToApollo: ratio(LATENCY('updateCustomer'), 'p50Ms'),
  updateCustomerWithChangesLatencyP50ToApollo: ratio(LATENCY('updateCustomerWithChanges'), 'p50Ms'),
  customerLatencyP50ToApollo: ratio(LATENCY('customer'), 'p50Ms'),
  updateCustomerThroughputToLimit: ratio('updateCustomer', 'requestsPerSec', 'service', 'limit'),
  // What the goals ask of this service, asked of Yoga doing nothing: while these miss, so must the service.
  yogaFloorCpuPerUpdateToApollo: ratio('updateCustomer', 'cpuUsPerRequest', 'yogaFloor'),
  yogaFloorUpdateThroughputToApollo: ratio('updateCustomer', 'requestsPerSec', 'yogaFloor'),
  yogaFloorCustomerThroughputToApollo: ratio('customer', 'requestsPerSec', 'yogaFloor'),
  serviceCpuPerUpdateToYogaFloor: ratio('updateCustomer', 'cpuUsPerRequest', 'service', 'yogaFloor'),
  serviceCpuPerCustomerToYogaFloor: ratio('customer', 'cpuUsPerRequest', 'service', 'yogaFloor'),
  tracingCpuPerUpdate: ratio('updateCustomer', 'cpuUsPerRequest', 'serviceTraced', 'service'),
  tracingThroughputOnUpdate: ratio('updateCustomer', 'requestsPerSec', 'serviceTraced', 'service'),
};
const servicePeakRssMb = Math.max(...Object.values(results).map((byTarget) => byTarget.service?.peakRssMb ?? 0));
// Issue 24's goals: the cost users pay (metrics, the access line at info, auth on), against Apollo and the floor.
const goals = {
  [`p50 at ${UPSTREAM_DELAY_MS} ms upstream: updateCustomer ≤ 1.05× Apollo`]: ratios.updateCustomerLatencyP50ToApollo <= 1.05,
  [`p50 at ${UPSTREAM_DELAY_MS} ms upstream: customer ≤ 1.05× Apollo`]: ratios.customerLatencyP50ToApollo <= 1.05,
  [`p50 at ${UPSTREAM_DELAY_MS} ms upstream: updateCustomerWithChanges ≤ 2.05× Apollo`]: ratios.updateCustomerWithChangesLatencyP50ToApollo <= 2.05,
  'CPU per update ≤ 1.0× Apollo': ratios.updateCustomerCpuPerRequestToApollo <= 1,
  'CPU per customer read ≤ 1.0× Apollo': ratios.customerCpuPerRequestToApollo <= 1,
  'updateCustomer throughput at 32 connections ≥ 1.0× Apollo': ratios.updateCustomerThroughputToApollo >= 1,
  'customer throughput at 32 connections ≥ 1.0× Apollo': ratios.customerThroughputToApollo >= 1,
  'CPU per update ≤ 2× the Yoga floor': ratios.serviceCpuPerUpdateToYogaFloor <= 2,
  'CPU per customer read ≤ 2× the Yoga floor': ratios.serviceCpuPerCustomerToYogaFloor <= 2,
  'CPU per update with tracing at full sampling ≤ 1.3× tracing off': ratios.tracingCpuPerUpdate <= 1.3,
  'service peak RSS ≤ 200 MB': servicePeakRssMb <= 200,
};
const failing = Object.entries(results).flatMap(([scenario, byTarget]) =>
  Object.entries(byTarget)
    .filter(([, r]) => r.errors! > 0)
    .map(([name, r]) => `${scenario}/${name} (${r.errors})`),
);
const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  node: process.version,
};
const output = {
  ranAt: new Date().toISOString(),
  machine,
  settings: { rounds: ROUNDS, secondsPerRun: SECONDS, connections: CONNECTIONS, upstreamDelayMs: UPSTREAM_DELAY_MS, statistic: 'median over rounds' },
  targets: Object.fromEntries(started.map((t) => [t.name, { label: t.label, node: nodeOf(t.pid) }])),
  mesh: meshNote,
  // OTLP export requests the sink received from serviceTraced: 0 means the build it ran does not trace.
  traceExportRequests: spansExported,
  failing,
  results,
  servicePeakRssMb,
  subscriptions,
  ratios,
  goals,
};
writeFileSync('bench/results.json', `${JSON.stringify(output, null, 2)}\n`);

// bench/README.md shows the latest table, so a run leaves the front page alone.
const rows = Object.entries(results).flatMap(([scenario, byTarget]) =>
  Object.entries(byTarget).map(
    ([name, r]) =>
      `| ${scenario} | ${started.find((t) => t.name === name)!.label} | ${r.requestsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.cpuUsPerRequest} | ${r.rssAfterMb} | ${r.peakRssMb} |`,
  ),
);
const nodes = [...new Set(Object.values(output.targets).map((t) => t.node))].join(', ');
const table = [
  `Run ${output.ranAt.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, **Node ${nodes}**; median of ${ROUNDS} interleaved ${SECONDS} s runs; ` +
    `${CONNECTIONS} connections, or 1 for the serial and Latency${UPSTREAM_DELAY_MS} scenarios (stub answering after ${UPSTREAM_DELAY_MS} ms), 8 for entities100.`,
  '',
  '| scenario | target | req/s | p50 ms | p99 ms | CPU µs/req | RSS after MB | peak RSS MB |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Service/Apollo: throughput at ${CONNECTIONS} connections **${ratios.updateCustomerThroughputToApollo}** (updateCustomer), **${ratios.customerThroughputToApollo}** (customer); ` +
    `CPU per request **${ratios.updateCustomerCpuPerRequestToApollo}** (updateCustomer), **${ratios.customerCpuPerRequestToApollo}** (customer); p50 at ${UPSTREAM_DELAY_MS} ms upstream **${ratios.updateCustomerLatencyP50ToApollo}** (updateCustomer), ` +
    `**${ratios.updateCustomerWithChangesLatencyP50ToApollo}** (updateCustomerWithChanges), **${ratios.customerLatencyP50ToApollo}** (customer). ` +
    `Tracing every request (${spansExported} OTLP exports received): CPU per update ×${ratios.tracingCpuPerUpdate}, throughput ×${ratios.tracingThroughputOnUpdate}. Service peak RSS ${servicePeakRssMb} MB. ` +
    `The Yoga floor/Apollo: CPU per update **${ratios.yogaFloorCpuPerUpdateToApollo}**, throughput **${ratios.yogaFloorUpdateThroughputToApollo}** (updateCustomer), **${ratios.yogaFloorCustomerThroughputToApollo}** (customer); the service's CPU per request is ${ratios.serviceCpuPerUpdateToYogaFloor}× the floor's (updateCustomer), ${ratios.serviceCpuPerCustomerToYogaFloor}× (customer). ` +
    `Answers with errors: ${failing.length === 0 ? 'none' : failing.join(', ')}.`,
  '',
  `Subscriptions: ${describeSubscriptions(subscriptions)}`,
  '',
  ...Object.entries(goals).map(([goal, met]) => `- ${goal}: ${met ? 'met' : '**not met**'}`),
].join('\n');
const readme = readFileSync('bench/README.md', 'utf8');
writeFileSync('bench/README.md', readme.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${table}\n<!-- bench:end -->`));
console.log(JSON.stringify({ ratios, goals }, null, 2));

await Promise.all(started.map((t) => t.stop()));
sink.close();
process.exit(0);
