// `npm run bench`: this service against its peers and the limit, over one fast upstream stub,
// measured interleaved in one run (loopback only; BENCH_ROUNDS × BENCH_SECONDS per target and
// scenario). Writes bench/results.json and the table in README.md. Every target runs from the
// build (`npm run build`, which `npm run bench` does first) with NODE_ENV=production; the service
// runs exactly as `npm run serve` (and so `npm start`) runs it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { encodeCustomerId } from '../src/customers/global-id.js';
import { startGatewayWith } from '../test/federation/gateway.js';
import { SERVE, spawnNode, startServerProcess } from '../test/support/processes.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 32;

interface Target {
  name: string;
  label: string;
  url: string;
  pid: number;
  stop(): Promise<unknown>;
}

const listening = (msg: string) => (line: Record<string, unknown>) => (line.msg === msg ? (line.url as string) : undefined);

const PRODUCTION = { NODE_ENV: 'production' };
const stub = await spawnNode('dist/bench/stub.js', PRODUCTION, listening('stub listening'));
const STUB = stub.ready;
const started: Target[] = [];
const add = (name: string, label: string, url: string, pid: number, stop: () => Promise<unknown>) => started.push({ name, label, url, pid, stop });

add('stub', 'upstream stub, directly', STUB, stub.process.child.pid!, () => stub.process.stop());
const proxy = await spawnNode('dist/bench/peers/proxy.js', { ...PRODUCTION, STUB_URL: STUB }, listening('proxy listening'));
add('limit', 'bare Node proxy (undici)', proxy.ready, proxy.process.child.pid!, () => proxy.process.stop());
// The same proxy reading before it writes: what any update with this service's semantics must do at least.
add('limitReadWrite', 'bare Node proxy, GET then PUT', proxy.ready, proxy.process.child.pid!, async () => undefined);
const service = await startServerProcess(
  { ...PRODUCTION, SOURCES: 'flowglad', SOURCE_FLOWGLAD_URL: STUB, SOURCE_FLOWGLAD_API_KEY: 'sk_test_emulator' },
  SERVE,
);
add('service', 'customer-graph', service.url, service.process.child.pid!, () => service.process.stop());
const apollo = await spawnNode('dist/bench/peers/apollo.js', { ...PRODUCTION, STUB_URL: STUB }, listening('apollo listening'));
add('apollo', 'Apollo Server + RESTDataSource', apollo.ready, apollo.process.child.pid!, () => apollo.process.stop());

let meshNote = 'Hive Gateway serving a GraphQL Mesh composition of the stub’s OpenAPI description';
try {
  const supergraph = join(mkdtempSync(join(tmpdir(), 'mesh-')), 'supergraph.graphql');
  execFileSync(join(process.cwd(), 'node_modules/.bin/mesh-compose'), ['-o', supergraph], {
    cwd: 'bench/peers/mesh',
    env: { ...process.env, STUB_URL: STUB },
    stdio: 'pipe',
  });
  const gateway = await startGatewayWith(supergraph);
  add('mesh', 'Hive Gateway + Mesh OpenAPI', gateway.url, gateway.pid, gateway.stop);
} catch (error) {
  meshNote = `not measured: ${(error as Error).message.split('\n')[0]}`;
}

const gql = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const JSON_HEADERS = { 'content-type': 'application/json' };
const SERVICE_UPDATE = gql('mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id email name updatedAt } userErrors { code } } }', {
  input: { id: '{{id}}', email: 'u{{n}}@example.com' },
});

type Request = { path: string; method: 'GET' | 'POST' | 'PUT'; ids: 'key' | 'global'; body?: string; headers?: Record<string, string> };
const SCENARIOS: Record<string, { connections: number; requests: Record<string, Request> }> = {
  updateCustomer: {
    connections: CONNECTIONS,
    requests: {
      stub: { path: '/api/v1/customers/{{id}}', method: 'PUT', ids: 'key', body: '{"customer":{"email":"u{{n}}@example.com"}}', headers: { ...JSON_HEADERS, authorization: 'sk_test_emulator' } },
      limit: { path: '/update', method: 'POST', ids: 'key', body: '{"id":"{{id}}","email":"u{{n}}@example.com"}', headers: JSON_HEADERS },
      limitReadWrite: { path: '/read-update', method: 'POST', ids: 'key', body: '{"id":"{{id}}","email":"u{{n}}@example.com"}', headers: JSON_HEADERS },
      service: { path: '/graphql', method: 'POST', ids: 'global', body: SERVICE_UPDATE, headers: JSON_HEADERS },
      apollo: {
        path: '/',
        method: 'POST',
        ids: 'key',
        body: gql('mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id email name updatedAt } } }', { input: { id: '{{id}}', email: 'u{{n}}@example.com' } }),
        headers: JSON_HEADERS,
      },
      mesh: {
        path: '/graphql',
        method: 'POST',
        ids: 'key',
        body: gql('mutation { updateCustomer(externalId: "{{id}}", input: { customer: { email: "u{{n}}@example.com" } }) { customer { id email name updatedAt } } }'),
        headers: JSON_HEADERS,
      },
    },
  },
  customer: {
    connections: CONNECTIONS,
    requests: {
      stub: { path: '/api/v1/customers/{{id}}', method: 'GET', ids: 'key', headers: { authorization: 'sk_test_emulator' } },
      limit: { path: '/customer/{{id}}', method: 'GET', ids: 'key' },
      service: { path: '/graphql', method: 'POST', ids: 'global', body: gql('query ($id: ID!) { customer(id: $id) { id email name updatedAt } }', { id: '{{id}}' }), headers: JSON_HEADERS },
      apollo: { path: '/', method: 'POST', ids: 'key', body: gql('query ($id: ID!) { customer(id: $id) { id email name updatedAt } }', { id: '{{id}}' }), headers: JSON_HEADERS },
      mesh: { path: '/graphql', method: 'POST', ids: 'key', body: gql('{ getCustomer(externalId: "{{id}}") { customer { id email name updatedAt } } }'), headers: JSON_HEADERS },
    },
  },
  entities100: {
    connections: 8,
    requests: {
      service: {
        path: '/graphql',
        method: 'POST',
        ids: 'key',
        body: gql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id email name } } }', {
          r: Array.from({ length: 100 }, (_, i) => ({ __typename: 'Customer', id: encodeCustomerId({ source: 'flowglad', externalId: `entity-${i}` }) })),
        }),
        headers: JSON_HEADERS,
      },
    },
  },
};
// The latency goal is measured one request at a time.
SCENARIOS.updateCustomerSerial = { connections: 1, requests: SCENARIOS.updateCustomer!.requests };

interface Measure {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

function load(target: Target, request: Request, connections: number, seconds = SECONDS): Promise<Measure> {
  const run = { url: target.url.replace(/\/(graphql)?$/, ''), ...request, connections, seconds };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', JSON.stringify(run)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Measure) : reject(new Error(`load exited ${code}`))));
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
// Every target is warmed up first (JIT, connection pools), so the first measured round is not a cold start.
for (const { connections, requests } of Object.values(SCENARIOS)) {
  for (const target of started.filter((t) => requests[t.name])) await load(target, requests[target.name]!, connections, 1);
}
const samples: Record<string, Record<string, Measure[]>> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [scenario, { connections, requests }] of Object.entries(SCENARIOS)) {
    const targets = started.filter((t) => requests[t.name]);
    // Rotate the order each round so no target always runs first or last.
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const target of order) {
      const measure = await load(target, requests[target.name]!, connections);
      const byTarget = samples[scenario] ?? {};
      byTarget[target.name] = [...(byTarget[target.name] ?? []), measure];
      samples[scenario] = byTarget;
      console.error(`round ${round + 1}/${ROUNDS} ${scenario} ${target.name}: ${Math.round(measure.requestsPerSec)} req/s, p50 ${measure.p50Ms} ms`);
    }
  }
}

const peakRssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))!;
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
};

const results: Record<string, Record<string, Record<string, number>>> = {};
for (const [scenario, byTarget] of Object.entries(samples)) {
  for (const [name, measures] of Object.entries(byTarget)) {
    const target = started.find((t) => t.name === name)!;
    results[scenario] ??= {};
    results[scenario][name] = {
      requestsPerSec: Math.round(median(measures.map((m) => m.requestsPerSec))),
      p50Ms: median(measures.map((m) => m.p50Ms)),
      p99Ms: median(measures.map((m) => m.p99Ms)),
      // Closed loop: at one connection, the mean latency is the inverse of the throughput.
      meanLatencyMs: Number((1000 / median(measures.map((m) => m.requestsPerSec)) * SCENARIOS[scenario]!.connections).toFixed(3)),
      errors: measures.reduce((sum, m) => sum + m.errors + m.non2xx, 0),
      peakRssMb: peakRssMb(target.pid),
    };
  }
}

const update = results.updateCustomer!;
const serial = results.updateCustomerSerial!;
const throughput = (a: string, b: string) => Number((update[a]!.requestsPerSec! / update[b]!.requestsPerSec!).toFixed(3));
const added = (key: 'p50Ms' | 'meanLatencyMs') => Number((serial.service![key]! - serial.limit![key]!).toFixed(3));
const ratios = {
  updateCustomerServiceToLimit: throughput('service', 'limit'),
  updateCustomerServiceToApollo: throughput('service', 'apollo'),
  updateCustomerReadWriteLimitToLimit: throughput('limitReadWrite', 'limit'),
  updateCustomerServiceToReadWriteLimit: throughput('service', 'limitReadWrite'),
  addedP50MsAtConcurrency1: added('p50Ms'),
  addedMeanLatencyMsAtConcurrency1: added('meanLatencyMs'),
};
const goals = {
  'updateCustomer throughput ≥ 0.6× limit': ratios.updateCustomerServiceToLimit >= 0.6,
  'updateCustomer throughput ≥ 2× Apollo': ratios.updateCustomerServiceToApollo >= 2,
  'p50 latency added at concurrency 1 < 0.5 ms': ratios.addedP50MsAtConcurrency1 < 0.5,
  'peak RSS < 150 MB': update.service!.peakRssMb! < 150,
};
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version };
const output = {
  ranAt: new Date().toISOString(),
  machine,
  settings: { rounds: ROUNDS, secondsPerRun: SECONDS, connections: CONNECTIONS, statistic: 'median over rounds' },
  targets: Object.fromEntries(started.map((t) => [t.name, t.label])),
  mesh: meshNote,
  results,
  ratios,
  goals,
};
writeFileSync('bench/results.json', `${JSON.stringify(output, null, 2)}\n`);

// The README shows the latest table.
const rows = Object.entries(results).flatMap(([scenario, byTarget]) =>
  Object.entries(byTarget).map(
    ([name, r]) => `| ${scenario} | ${started.find((t) => t.name === name)!.label} | ${r.requestsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.peakRssMb} |`,
  ),
);
const table = [
  `Run ${output.ranAt.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}; median of ${ROUNDS} interleaved ${SECONDS} s runs, ${CONNECTIONS} connections (updateCustomerSerial: 1, entities100: 8).`,
  '',
  '| scenario | target | req/s | p50 ms | p99 ms | peak RSS MB |',
  '|---|---|---|---|---|---|',
  ...rows,
  '',
  `updateCustomer: service/limit **${ratios.updateCustomerServiceToLimit}**, service/Apollo **${ratios.updateCustomerServiceToApollo}**; ` +
    `the GET-then-PUT proxy reaches **${ratios.updateCustomerReadWriteLimitToLimit}×** the limit, and the service **${ratios.updateCustomerServiceToReadWriteLimit}×** that proxy. ` +
    `Added at concurrency 1: p50 **${ratios.addedP50MsAtConcurrency1} ms**, mean ${ratios.addedMeanLatencyMsAtConcurrency1} ms.`,
  '',
  ...Object.entries(goals).map(([goal, met]) => `- ${goal}: ${met ? 'met' : '**not met**'}`),
].join('\n');
const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', readme.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${table}\n<!-- bench:end -->`));
console.log(JSON.stringify({ ratios, goals }, null, 2));

await Promise.all(started.map((t) => t.stop()));
process.exit(0);
