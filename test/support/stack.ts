// A running stack for a test file: emulators and server in their own processes, plus clients.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { z } from 'zod';
import { encodeCustomerId } from '../../src/customers/global-id.js';
import { LoggedRequest } from '../../src/emulators/control.js';
import { CustomerBody } from '../../support/answer.js';
import { EMULATOR_KEYS, sourcesEnv, startEmulatorsProcess, startServerProcess, type Spawned } from '../../support/processes.js';
import { startRedis, type RedisServer } from '../../support/redis.js';

/** Talks to one emulator: its control surface and its real REST API (as a direct client would). */
export class EmulatorClient {
  constructor(
    readonly url: string,
    private readonly authHeaders: Record<string, string>,
    private readonly restPrefix: string,
  ) {}

  async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator control ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  reset() {
    return this.control('POST', 'reset');
  }

  async requests(): Promise<LoggedRequest[]> {
    return z.object({ requests: z.array(LoggedRequest) }).parse(await this.control('GET', 'requests')).requests;
  }

  async writes(): Promise<LoggedRequest[]> {
    return (await this.requests()).filter((r) => r.method !== 'GET');
  }

  fault(fault: Record<string, unknown>) {
    return this.control('POST', 'faults', fault);
  }

  add(record: Record<string, unknown>) {
    return this.control('POST', 'customers', record);
  }

  /** The stored record through the backend's own REST API (this call is logged like any other). */
  async record(key: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.url}${this.restPrefix}/customers/${encodeURIComponent(key)}`, { headers: this.authHeaders });
    if (!res.ok) throw new Error(`GET ${key}: ${res.status}`);
    return CustomerBody.parse(await res.json()).customer;
  }
}

export interface GraphQLResult<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** A typed document as codegen's client preset writes it with `persistedDocuments`: its id beside it. */
const Persisted = z.object({ __meta__: z.object({ hash: z.string() }) });

export class GraphQLClient {
  constructor(readonly url: string) {}

  async execute<R, V>(document: TypedDocumentNode<R, V>, variables: V, headers: Record<string, string> = {}): Promise<GraphQLResult<R>> {
    // The typed document's result type is codegen's word for what the server answers to it.
    return this.raw({ query: print(document), variables }, headers) as Promise<GraphQLResult<R>>;
  }

  /** Runs a typed document named by its id in the persisted-documents manifest (codegen's `__meta__.hash`), without its text. */
  async executeById<R, V>(document: TypedDocumentNode<R, V>, variables: V, headers: Record<string, string> = {}): Promise<GraphQLResult<R>> {
    // As in execute: the typed document's result type is codegen's word for the answer.
    return this.raw({ documentId: Persisted.parse(document).__meta__.hash, variables }, headers) as Promise<GraphQLResult<R>>;
  }

  async raw(body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResult<unknown>> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, ...z.looseObject({}).parse(JSON.parse(text)) };
  }
}

export interface Stack {
  graphql: GraphQLClient;
  flowglad: EmulatorClient;
  flexportal: EmulatorClient;
  server: Spawned;
  emulators: Spawned;
}

/** Clients of both emulators. */
function emulatorClients(urls: { flowglad: string; flexportal: string }) {
  return {
    flowglad: new EmulatorClient(urls.flowglad, { authorization: EMULATOR_KEYS.flowglad }, '/api/v1'),
    flexportal: new EmulatorClient(urls.flexportal, { authorization: `Bearer ${EMULATOR_KEYS.flexportal}`, 'tenant-id': EMULATOR_KEYS.tenant }, '/v1'),
  };
}

export async function startStack(env: Record<string, string> = {}, emulatorEnv: Record<string, string> = {}): Promise<Stack> {
  const { replicas, ...rest } = await startReplicas(1, env, emulatorEnv);
  return { ...rest, graphql: replicas[0]!.graphql, server: replicas[0]!.server };
}

export interface Replica {
  graphql: GraphQLClient;
  server: Spawned;
  /** The server's base URL (for /ready). */
  base: string;
}

export interface ReplicaStack {
  replicas: Replica[];
  flowglad: EmulatorClient;
  flexportal: EmulatorClient;
  emulators: Spawned;
}

/** `count` server processes with the same environment over one pair of emulators, as replicas behind a load balancer. */
export async function startReplicas(count: number, env: Record<string, string> = {}, emulatorEnv: Record<string, string> = {}): Promise<ReplicaStack> {
  const emulators = await startEmulatorsProcess(emulatorEnv);
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServerProcess({ ...sourcesEnv(emulators), ...env })));
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all([...servers.map((server) => server.process.stop()), emulators.process.stop()]);
    throw failure.reason;
  }
  return {
    replicas: servers.map((server) => ({ graphql: new GraphQLClient(server.url), server: server.process, base: server.url.replace(/\/graphql$/, '') })),
    ...emulatorClients(emulators),
    emulators: emulators.process,
  };
}

/** One stack per test file, emulators reset before every test. */
export function useStack(env: Record<string, string> = {}, emulatorEnv: Record<string, string> = {}): Stack {
  // Filled in beforeAll, before any test reads it.
  const stack = {} as Stack;
  beforeAll(async () => {
    Object.assign(stack, await startStack(env, emulatorEnv));
  });
  afterAll(async () => {
    await stack.server?.stop();
    await stack.emulators?.stop();
  });
  beforeEach(async () => {
    await Promise.all([stack.flowglad.reset(), stack.flexportal.reset()]);
  });
  return stack;
}

export const globalId = (source: string, externalId: string) => encodeCustomerId({ source, externalId });

/** Runs `work` and answers its result with how long it took, in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

/**
 * `count` replicas sharing one real Redis (their REDIS_URL), for a test file: started before its
 * tests, stopped after. Both objects are filled in beforeAll, before any test reads them.
 */
export function useReplicasOnRedis(count: number, env: Record<string, string> = {}, emulatorEnv: Record<string, string> = {}) {
  const redis = {} as RedisServer;
  const stack = {} as ReplicaStack;
  beforeAll(async () => {
    Object.assign(redis, await startRedis());
    Object.assign(stack, await startReplicas(count, { ...env, REDIS_URL: redis.url }, emulatorEnv));
  });
  afterAll(async () => {
    await Promise.all([...(stack.replicas ?? []).map((replica) => replica.server.stop()), stack.emulators?.stop()]);
    await redis.stop?.();
  });
  return { redis, stack };
}
