// The README and docs/ against the service: the variable tables against what config reads, the
// error tables against the codes the code can answer, the metrics table against the registry, the
// dependency table against package.json, the configuration files shown against the real ones,
// every `graphql` example against the schema (and the handler, where an example says what it
// answers), and every link between the pages.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { parse, validate, type GraphQLEnumType } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { GraphQLAnswer } from '../support/answer.js';
import { ConfigError, EMBEDDED_SOURCES, loadConfig, sourceEnvName, VARIABLE_DEFAULTS } from './config.js';
import { createFlexPortalEmulator, FLEXPORTAL_KEY, FLEXPORTAL_TENANT } from './emulators/flexportal.js';
import { createFlowgladEmulator, FLOWGLAD_KEY } from './emulators/flowglad.js';
import { ALL_FAILURES } from './failures.js';
import { schema } from './schema/index.js';
import { Metrics } from './telemetry/metrics.js';
import { serviceOver } from './testing/service.js';
import { createGraphQLHandler } from './yoga.js';

const PAGES = [
  'README.md',
  'bench/README.md',
  'examples/customer-editor/README.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const read = (path: string) => readFileSync(path, 'utf8');

/** The rows of every table in `markdown` whose header's first cell is `header`, as cells. */
function tableRows(markdown: string, header: string): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  for (const line of markdown.split('\n')) {
    const cells = line.startsWith('|')
      ? line
          .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
          .split('|')
          .map((cell) => cell.trim())
      : null;
    if (!cells) inTable = false;
    else if (!inTable && cells[0] === header) inTable = true;
    else if (inTable && !/^-+$/.test(cells[0] ?? '')) rows.push(cells);
  }
  return rows;
}

/** The upper-case names in backticks in a table's first cell: `PORT`, `SOURCE_<NAME>_URL`, `BAD_REQUEST`. */
const namesIn = (cell: string) => [...cell.matchAll(/`([A-Z][A-Z0-9_<>]*)`/g)].map((match) => match[1]!);
const documented = (markdown: string, header: string) => new Set(tableRows(markdown, header).flatMap((row) => namesIn(row[0]!)));
const sorted = (names: Iterable<string>) => [...names].sort();
const missingFrom = (names: Set<string>, from: Set<string>) => sorted([...names].filter((name) => !from.has(name)));

/** The variables loadConfig reads from `env` by name (source settings and OTEL_*), each source's prefix as SOURCE_<NAME>_. */
function variablesRead(env: Record<string, string>): Set<string> {
  const seen = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') seen.add(name);
      return Reflect.get(target, name);
    },
  });
  try {
    loadConfig(recording);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
  }
  const prefixes = ['x', ...EMBEDDED_SOURCES.map((source) => source.name)].map((name) => sourceEnvName(name, ''));
  return new Set(
    [...seen]
      .filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name))
      .map((name) => prefixes.reduce((generic, prefix) => generic.replace(prefix, 'SOURCE_<NAME>_'), name)),
  );
}

/** Every variable the service reads: the fixed ones, and those read by name, in each branch that reads them. */
function serviceVariables(): Set<string> {
  return new Set([
    ...Object.keys(VARIABLE_DEFAULTS),
    ...variablesRead({}),
    ...variablesRead({ SOURCES: 'x', SOURCE_X_KIND: 'FLOWGLAD' }),
    ...variablesRead({ SOURCES: 'x', SOURCE_X_KIND: 'FLEXPORTAL' }),
    ...variablesRead({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' }),
  ]);
}

/** The top-level codes our code answers with: literal codes outside the domain, and the failure table's. */
function codesInSource(): Set<string> {
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter(
    (path) => path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.startsWith('emulators/') && !path.startsWith('customers/'),
  );
  const codes = new Set<string>();
  for (const file of files) {
    const text = read(join('src', file));
    for (const match of text.matchAll(/\bcode: '([A-Z][A-Z_]+)'/g)) codes.add(match[1]!);
    for (const match of text.matchAll(/jsonError\(.*?, '([A-Z][A-Z_]+)'\)/g)) codes.add(match[1]!);
  }
  // The failure table (src/failures.ts) gives the code of each domain error and each failure of ours.
  for (const row of ALL_FAILURES) codes.add(row.code);
  return codes;
}

const metrics = new Metrics();
const handler = createGraphQLHandler(loadConfig({}), serviceOver([]), metrics, pino({ level: 'silent' }));

async function answer(body: string) {
  const res = await handler.fetch('http://service/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body,
  });
  return GraphQLAnswer.parse(await res.json());
}

/** Codes graphql-yoga and graphql-js answer themselves, with a request that draws each from the real handler. */
const FRAMEWORK_CODES = {
  BAD_REQUEST: '{"query":',
  GRAPHQL_PARSE_FAILED: JSON.stringify({ query: '{ customers(' }),
  GRAPHQL_VALIDATION_FAILED: JSON.stringify({ query: '{ nothing }' }),
};

interface Example {
  page: string;
  text: string;
}

const examples: Example[] = PAGES.flatMap((page) => [...read(page).matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => ({ page, text: match[1]! })));

/** A first line `# invalid: … CODE` or `# variables: {json} → CODE…` says what the handler answers the example. */
function expectation(text: string): { code: string; variables: unknown } | null {
  const invalid = /^# invalid: .*?\b([A-Z][A-Z_]{4,})\b/.exec(text);
  if (invalid) return { code: invalid[1]!, variables: {} };
  const withVariables = /^# variables: (\{.*\}) → ([A-Z][A-Z_]+)/.exec(text);
  return withVariables ? { code: withVariables[2]!, variables: JSON.parse(withVariables[1]!) } : null;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes. */
const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replaceAll(' ', '-');
const anchors = (markdown: string) => new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]!)));

describe('docs/configuration.md', () => {
  const page = read('docs/configuration.md');
  const tables = documented(page, 'variable');

  it('lists every variable the service reads, and only those', () => {
    const read = serviceVariables();
    expect({ undocumented: missingFrom(read, tables), notRead: missingFrom(tables, read) }).toEqual({ undocumented: [], notRead: [] });
  });

  it('gives each default the service applies', () => {
    const wrong: string[] = [];
    for (const [cell, given] of tableRows(page, 'variable').map((row) => [row[0]!, row[1]!] as const)) {
      const names = namesIn(cell);
      if (names.length !== 1 || !(names[0]! in VARIABLE_DEFAULTS)) continue;
      const value = VARIABLE_DEFAULTS[names[0]!];
      // A default the schema does not give (METRICS_HOST's, LOCK_TTL_MS's) is applied later, and checked elsewhere.
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      if (/^`([^`]*)`/.exec(given)?.[1] !== String(value)) wrong.push(`${names[0]}: "${given}", the service: ${String(value)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("states LOCK_TTL_MS's computed default", () => {
    const row = tableRows(page, 'variable').find((cells) => cells[0] === '`LOCK_TTL_MS`')!;
    expect(row[1]).toContain(`\`${loadConfig({}).coordination.lockTtlMs}\``);
  });
});

describe('docs/errors.md', () => {
  const page = read('docs/errors.md');

  it('lists every top-level code the service can answer, and only those', async () => {
    for (const [code, body] of Object.entries(FRAMEWORK_CODES)) expect((await answer(body)).errors?.[0]?.extensions?.code).toBe(code);
    const emitted = new Set([...codesInSource(), ...Object.keys(FRAMEWORK_CODES)]);
    const listed = documented(page, 'code');
    expect({ undocumented: missingFrom(emitted, listed), neverAnswered: missingFrom(listed, emitted) }).toEqual({ undocumented: [], neverAnswered: [] });
  });

  it('gives each failure the code, fault and log level of the failure table', () => {
    const said = (code: string, fault: string, logged: string) => `${code} ${fault} ${logged}`;
    const listed = new Set(tableRows(page, 'failure').map(([, code, fault, logged]) => said(namesIn(code!)[0]!, fault!, logged!)));
    const table = new Set(ALL_FAILURES.map((row) => said(row.code, row.fault, `${row.level}, ${row.line === 'own' ? 'own line' : 'access line'}`)));
    expect(sorted(listed)).toEqual(sorted(table));
  });

  it('lists exactly the UserErrorCode values', () => {
    const values = new Set((schema.getType('UserErrorCode') as GraphQLEnumType).getValues().map((value) => value.name));
    const listed = documented(page, 'userErrors code');
    expect({ undocumented: missingFrom(values, listed), notInSchema: missingFrom(listed, values) }).toEqual({ undocumented: [], notInSchema: [] });
  });
});

describe('docs/operations.md', () => {
  it('lists every metric of ours with its type, and only those', () => {
    const ours = metrics.registry.getMetricsAsArray();
    const served = Object.fromEntries(ours.map((metric) => [metric.name, String(metric.type)]));
    const rows = tableRows(read('docs/operations.md'), 'metric').filter((row) => !row[0]!.includes('*'));
    const listed = Object.fromEntries(rows.map((row) => [row[0]!.replaceAll('`', ''), row[1]!]));
    expect(listed).toEqual(served);
  });
});

describe('docs/architecture.md', () => {
  it('says why each runtime dependency is there, and names no other', () => {
    const { dependencies } = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const cells = tableRows(read('docs/architecture.md'), 'runtime dependency').map((row) => row[0]!);
    const listed = new Set(cells.flatMap((cell) => [...cell.matchAll(/`(@?[a-z][\w.-]*(?:\/[\w.-]+)?)`/g)].map((match) => match[1]!)));
    const installed = new Set(Object.keys(dependencies));
    expect({ unexplained: missingFrom(installed, listed), notInstalled: missingFrom(listed, installed) }).toEqual({ unexplained: [], notInstalled: [] });
  });
});

describe('the graphql examples', () => {
  it('are there to check', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(
    examples.map((example) => [
      example.page,
      example.text
        .split('\n')
        .find((line) => !line.startsWith('#'))!
        .slice(0, 60),
      example,
    ]),
  )('%s: %s… parses and validates against the schema, or fails as it says', async (_page, _start, { text }) => {
    const errors = validate(schema, parse(text)).map((error) => error.message);
    const expected = expectation(text);
    if (text.startsWith('# invalid:')) expect(errors).not.toEqual([]);
    else expect(errors).toEqual([]);
    if (expected) expect((await answer(JSON.stringify({ query: text, variables: expected.variables }))).errors?.[0]?.extensions?.code).toBe(expected.code);
  });

  it('name customers the emulators are seeded with', async () => {
    const emulators = {
      flowglad: { backend: createFlowgladEmulator(), path: (key: string) => `/api/v1/customers/${key}`, headers: { authorization: FLOWGLAD_KEY } },
      flexportal: {
        backend: createFlexPortalEmulator(),
        path: (key: string) => `/v1/customers/${key}`,
        headers: { authorization: `Bearer ${FLEXPORTAL_KEY}`, 'tenant-id': FLEXPORTAL_TENANT },
      },
    };
    const ids = new Set(examples.flatMap(({ text }) => [...text.matchAll(/"(Q3VzdG9tZXI6[\w-]+)"/g)].map((match) => match[1]!)));
    expect(ids.size).toBeGreaterThan(3);
    const unknown: string[] = [];
    for (const id of ids) {
      const [, source, key] = Buffer.from(id, 'base64url').toString('utf8').split(':') as [string, keyof typeof emulators, string];
      const emulator = emulators[source];
      const res = await emulator?.backend.handle(
        { method: 'GET', path: emulator.path(key), query: new URLSearchParams(), headers: emulator.headers, text: '', json: undefined },
        null,
      );
      if (res?.status !== 200) unknown.push(`${id} (${source}:${key})`);
    }
    expect(unknown).toEqual([]);
  });
});

describe('the configuration files shown', () => {
  const tsBlocks = (page: string) => [...read(page).matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
  /** The propagateHeaders option, its comments left out. */
  const propagation = (text: string) =>
    /propagateHeaders: \{[\s\S]*?\n {2}\},/
      .exec(text)?.[0]
      .split('\n')
      .filter((line) => !line.trim().startsWith('//'))
      .join('\n');

  /** The manifests read and the trusted-documents options, the config's own first line and comments left out. */
  const trustedOptions = (text: string) =>
    /const documents[\s\S]*?\n {2}transportEntries: \{[\s\S]*?\n {2}\},/
      .exec(text)?.[0]
      .split('\n')
      .filter((line) => !line.trim().startsWith('//') && !line.startsWith('export const gatewayConfig'))
      .join('\n');

  it("show the frontend example's entry of codegen.ts as it is", () => {
    expect(read('codegen.ts')).toContain(tsBlocks('docs/frontend.md')[0]);
  });

  it('show the gateway the options the federation tests run it with', () => {
    const shown = propagation(tsBlocks('docs/federation.md')[0]!);
    expect(shown).toBeDefined();
    expect(shown).toBe(propagation(read('test/federation/gateway.config.ts')));
  });

  it('show the gateway the trusted-documents options the tests run it with', () => {
    const shown = trustedOptions(tsBlocks('docs/federation.md')[1]!);
    expect(shown).toContain('getPersistedOperation');
    expect(shown).toBe(trustedOptions(read('test/federation/gateway-trusted.config.ts')));
  });
});

describe('the pages', () => {
  it('keep the front page short, with the bench table in bench/README.md alone', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(200);
    const markers = PAGES.filter((page) => read(page).includes('<!-- bench:start -->'));
    expect(markers).toEqual(['bench/README.md']);
  });

  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const file = path === '' ? page : normalize(join(dirname(page), path));
        if (!existsSync(file)) broken.push(`${page}: ${target}`);
        else if (anchor && !anchors(read(file)).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
