// Starting the service: the embedded default, configuration errors, auth, and secrets kept out of sight.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLE_OPERATION } from '../src/example.js';
import { CustomerByExternalIdDocument } from './generated/graphql.js';
import { dataOf } from '../support/answer.js';
import { buildForServe, SERVE, sourcesEnv, spawnNode, startEmulatorsProcess, startServerProcess } from '../support/processes.js';
import { GraphQLClient } from './support/stack.js';

/** The `auth` of a server's start-up line: how it authenticates callers. */
const authOf = (output: string[]) =>
  output.filter((line) => line.includes('"customer-graph listening"')).map((line) => z.object({ auth: z.string() }).parse(JSON.parse(line)).auth)[0];

describe('startup', () => {
  it('as `npm start` runs it (the build, production flags) with no configuration: both emulators, both sources, /health and /ready', async () => {
    await buildForServe();
    const server = await startServerProcess({ FLOWGLAD_EMULATOR_PORT: '0', FLEXPORTAL_EMULATOR_PORT: '0', SOURCES: '' }, SERVE);
    try {
      const client = new GraphQLClient(server.url);
      const flowglad = await client.execute(CustomerByExternalIdDocument, { source: 'flowglad', externalId: 'acme-corp' });
      const flex = await client.execute(CustomerByExternalIdDocument, { source: 'flexportal', externalId: 'cus_1001' });
      expect([flowglad.data?.customerByExternalId?.name, flex.data?.customerByExternalId?.name]).toEqual(['Wile Coyote', 'Emma Larsson']);
      const base = server.url.replace('/graphql', '');
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      const playground = await fetch(server.url, { headers: { accept: 'text/html' } });
      expect(await playground.text()).toContain('GraphiQL');

      // The README's example is the one GraphiQL preloads, and it works as pasted.
      expect(readFileSync('README.md', 'utf8')).toContain(EXAMPLE_OPERATION);
      expect(authOf(server.process.output)).toBe('open: embedded default');
      const example = dataOf(
        z.looseObject({ updateCustomer: z.looseObject({ changes: z.array(z.unknown()), userErrors: z.array(z.unknown()) }) }),
        await client.raw({ query: EXAMPLE_OPERATION }),
      );
      expect(example.updateCustomer.userErrors).toEqual([]);
      expect(example.updateCustomer.changes).toContainEqual({ field: ['phone'], from: '+46701112233', to: '+46705550123' });
    } finally {
      expect(await server.process.stop()).toBe(0);
    }
  });

  /** Starts `entry`, which must refuse: exit code 2, one "cannot start" message, no stack. Its output. */
  async function cannotStart(entry: string, env: Record<string, string>): Promise<string> {
    const error = await spawnNode(entry, env, () => undefined).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(error).toContain(`${entry} exited with 2`);
    expect(error.split('customer-graph cannot start').length - 1).toBe(1);
    expect(error).not.toMatch(/\n\s+at /);
    return error;
  }

  /** A port taken by another listener for the duration of `use`. */
  async function withTakenPort<T>(use: (port: number) => Promise<T>): Promise<T> {
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, () => {
        const address = taken.address();
        resolve(address !== null && typeof address === 'object' ? address.port : 0);
      }),
    );
    try {
      return await use(port);
    } finally {
      taken.close();
    }
  }

  it('refuses to start on incomplete source configuration, naming every variable', async () => {
    const error = await cannotStart('src/main.ts', { SOURCES: 'flexportal-us,acme,flowglad', SOURCE_FLEXPORTAL_US_URL: 'not a url' });
    expect(error).toContain('SOURCE_FLEXPORTAL_US_URL');
    expect(error).toContain('SOURCE_FLEXPORTAL_US_API_KEY: is required');
    expect(error).toContain('SOURCE_FLEXPORTAL_US_TENANT_ID: is required');
    expect(error).toContain('SOURCE_ACME_KIND');
    // "flowglad" names its kind; its settings are still needed.
    expect(error).toContain('SOURCE_FLOWGLAD_URL: is required');
    expect(error).toContain('SOURCE_FLOWGLAD_API_KEY: is required');
  });

  it('names every variable it cannot read, at once, with exit code 2 and no stack', async () => {
    const error = await cannotStart('src/main.ts', { PORT: 'abc', LOG_LEVEL: 'loud', MAX_BODY_BYTES: '-1', FLOWGLAD_EMULATOR_PORT: '70000' });
    expect(error).toContain('PORT: must be a whole number from 0 to 65535');
    expect(error).toContain('FLOWGLAD_EMULATOR_PORT: must be a whole number from 0 to 65535');
    for (const variable of ['LOG_LEVEL:', 'MAX_BODY_BYTES:']) expect(error).toContain(variable);
  });

  it('names every problem at once in one exit-2 message, each a sentence naming its variable: bad URL, misspelled or stray SOURCE_* variables, rate limit, checks across variables', async () => {
    const error = await cannotStart('src/main.ts', {
      SOURCES: 'flowglad',
      SOURCE_FLOWGLAD_URL: 'ftp://x',
      SOURCE_FLOWGLAD_APIKEY: 'sk_test',
      SOURCE_FLOWGLAD_TENANT_ID: 'tenant',
      SOURCE_ACME_URL: 'https://acme.test',
      SOURCE_FLOWGLAD_RATE_LIMIT: 'lots',
      BACKEND_TIMEOUT_MS: '5000',
      WRITE_SETTLE_LIMIT_MS: '1000',
      METRICS_PORT: '70000',
    });
    const problems = error.slice(error.indexOf('customer-graph cannot start:')).split('\n').slice(1).filter(Boolean);
    expect(problems.map((line) => line.trim().split(':')[0])).toEqual([
      'METRICS_PORT',
      'SOURCE_FLOWGLAD_URL',
      'SOURCE_FLOWGLAD_API_KEY',
      'SOURCE_FLOWGLAD_APIKEY',
      'SOURCE_FLOWGLAD_TENANT_ID',
      'SOURCE_ACME_URL',
      'SOURCE_FLOWGLAD_RATE_LIMIT',
      'WRITE_SETTLE_LIMIT_MS',
      'API_KEYS',
    ]);
    for (const line of problems) {
      expect(line).toMatch(/^ {2}[A-Z][A-Z0-9_]*: \S.*[.?]$/);
      expect(line).not.toMatch(/Invalid|Too (big|small)|expected|received/);
    }
    expect(error).toContain('SOURCE_FLOWGLAD_URL: must be an http(s) URL with a host');
    expect(error).toContain('did you mean SOURCE_FLOWGLAD_API_KEY?');
  });

  it('with SOURCES and no credentials (or API_KEYS of separators only), refuses to start, naming the variables; ALLOW_UNAUTHENTICATED=true starts it open and says so', async () => {
    const emulators = await startEmulatorsProcess();
    const { ALLOW_UNAUTHENTICATED: _allowed, ...env } = sourcesEnv(emulators);
    try {
      for (const keys of [{}, { API_KEYS: ' , ' }] as Record<string, string>[]) {
        const error = await cannotStart('src/main.ts', { ...env, ...keys });
        expect(error).toMatch(/ {2}API_KEYS: with SOURCES set, callers must be authenticated: set API_KEYS .* or AUTH_JWKS_URL .*ALLOW_UNAUTHENTICATED=true/);
      }
      const open = await startServerProcess({ ...env, ALLOW_UNAUTHENTICATED: 'true' });
      expect(await open.process.stop()).toBe(0);
      expect(authOf(open.process.output)).toBe('open: ALLOW_UNAUTHENTICATED');
    } finally {
      await emulators.process.stop();
    }
  });

  it("names every port in use (its own and each emulator's) and the variable to change, with exit code 2 and no stack", async () => {
    await withTakenPort(async (port) => {
      const env = { SOURCES: '', PORT: String(port), FLOWGLAD_EMULATOR_PORT: String(port), FLEXPORTAL_EMULATOR_PORT: String(port) };
      const error = await cannotStart('src/main.ts', env);
      for (const variable of ['FLOWGLAD_EMULATOR_PORT', 'FLEXPORTAL_EMULATOR_PORT', 'PORT']) {
        expect(error).toContain(`  ${variable}: port ${port} is already in use; set ${variable} to a free port`);
      }
      const one = await cannotStart('src/main.ts', { ...env, FLOWGLAD_EMULATOR_PORT: '0', PORT: '0' });
      expect(one).toContain(`FLEXPORTAL_EMULATOR_PORT: port ${port} is already in use`);
      expect(one).not.toContain('FLOWGLAD_EMULATOR_PORT');
      expect(one).not.toMatch(/ {2}PORT:/);
    });
  });

  it('names PORT when its port is in use with configured sources', async () => {
    await withTakenPort(async (port) => {
      const env = {
        SOURCES: 'flowglad',
        SOURCE_FLOWGLAD_URL: 'http://127.0.0.1:9',
        SOURCE_FLOWGLAD_API_KEY: 'key',
        ALLOW_UNAUTHENTICATED: 'true',
        PORT: String(port),
      };
      expect(await cannotStart('src/main.ts', env)).toContain(`PORT: port ${port} is already in use; set PORT to a free port`);
    });
  });

  it('`npm run emulators` names the emulator port in use, or the variable it cannot read', async () => {
    await withTakenPort(async (port) => {
      const error = await cannotStart('scripts/emulators.ts', { FLOWGLAD_EMULATOR_PORT: '0', FLEXPORTAL_EMULATOR_PORT: String(port) });
      expect(error).toContain(`FLEXPORTAL_EMULATOR_PORT: port ${port} is already in use; set FLEXPORTAL_EMULATOR_PORT to a free port`);
    });
    expect(await cannotStart('scripts/emulators.ts', { FLOWGLAD_EMULATOR_PORT: 'abc' })).toContain('FLOWGLAD_EMULATOR_PORT: must be a whole number');
  });

  it('with API_KEYS set, refuses callers without a key as UNAUTHENTICATED', async () => {
    const emulators = await startEmulatorsProcess();
    const server = await startServerProcess({ ...sourcesEnv(emulators), API_KEYS: 'key-one,key-two' });
    try {
      expect(authOf(server.process.output)).toBe('API keys');
      const client = new GraphQLClient(server.url);
      const anonymous = await client.raw({ query: '{ __typename }' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      expect((await client.raw({ query: '{ __typename }' }, { authorization: 'Bearer key-two' })).data).toEqual({ __typename: 'Query' });
    } finally {
      await server.process.stop();
      await emulators.process.stop();
    }
  });

  it('reports a source refusing the configured key without showing the key, its URL, or a stack', async () => {
    const emulators = await startEmulatorsProcess();
    const secret = 'sk_live_this_must_never_leak';
    const server = await startServerProcess({ ...sourcesEnv(emulators), SOURCE_FLOWGLAD_API_KEY: secret });
    try {
      const result = await new GraphQLClient(server.url).execute(CustomerByExternalIdDocument, { source: 'flowglad', externalId: 'acme-corp' });
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', source: 'flowglad' });
      const text = JSON.stringify(result);
      for (const hidden of [secret, emulators.flowglad, 'at ']) expect(text).not.toContain(hidden);
    } finally {
      await server.process.stop();
      await emulators.process.stop();
    }
    expect(server.process.output.join('\n')).not.toContain(secret);
  });
});
