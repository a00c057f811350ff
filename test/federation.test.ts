// This service as a Federation v2 subgraph, composed with an orders subgraph and served by Hive Gateway.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { subscribe } from '../support/sse.js';
import { startGateway } from './federation/gateway.js';
import { ORDERS_SDL } from './federation/orders-subgraph.js';
import { CustomerChangedDocument, EntitiesDocument, ServiceSdlDocument } from './generated/graphql.js';
import { listeningAt, spawnNode, type Spawned } from '../support/processes.js';
import { GraphQLClient, globalId, useStack } from './support/stack.js';

const stack = useStack();

const CUSTOMERS = [
  ['flowglad', 'acme-corp', 'Wile Coyote'],
  ['flowglad', 'globex', 'Hank Scorpio'],
  ['flowglad', 'initech', 'Bill Lumbergh'],
  ['flowglad', 'nordlicht-ab', 'Astrid Lindqvist'],
  ['flexportal', 'cus_1001', 'Emma Larsson'],
  ['flexportal', 'cus_1002', 'Omar Haddad'],
  ['flexportal', 'cus_1005', 'Ingrid Hansen'],
] as const;
const ids = CUSTOMERS.map(([source, key]) => globalId(source, key));

let orders: Spawned;
let gateway: Awaited<ReturnType<typeof startGateway>>;
let client: GraphQLClient;

beforeAll(async () => {
  const started = await spawnNode(
    'test/federation/orders-subgraph.ts',
    { ORDER_CUSTOMER_IDS: ids.join(','), ORDER_COUNT: '100' },
    listeningAt('orders listening'),
  );
  orders = started.process;
  const sdl = (await stack.graphql.execute(ServiceSdlDocument, {})).data!._service.sdl!;
  gateway = await startGateway([
    { name: 'customers', url: stack.graphql.url, sdl },
    { name: 'orders', url: started.ready, sdl: ORDERS_SDL },
  ]);
  client = new GraphQLClient(gateway.url);
});

afterAll(async () => {
  await gateway?.stop();
  await orders?.stop();
});

const ORDERS_QUERY = `{
  orders {
    number
    customer { id name email backend billingAddress { city country } shippingAddress { city country } }
  }
}`;

const OrdersResult = z.looseObject({
  orders: z.array(
    z.looseObject({
      number: z.number(),
      customer: z.looseObject({ id: z.string(), name: z.string(), billingAddress: z.looseObject({ country: z.string() }).nullable() }),
    }),
  ),
});

describe('federation', () => {
  it('answers _service { sdl } with the committed subgraph SDL, Customer keyed by id', async () => {
    const sdl = (await stack.graphql.execute(ServiceSdlDocument, {})).data!._service.sdl!;
    expect(sdl).toContain('type Customer implements Node');
    expect(sdl).toMatch(/@key\(fields: "id"\)/);
    expect(`${sdl}\n`).toBe(readFileSync('schema/subgraph.graphql', 'utf8'));
  });

  it('npm run compose writes a supergraph for this service alone, without errors', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'compose-')), 'supergraph.graphql');
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/compose.ts', '--out', out], {
      env: { ...process.env, SUBGRAPH_URL: 'http://customers.internal:4000/graphql' },
      stdio: 'pipe',
    });
    const supergraph = readFileSync(out, 'utf8');
    expect(supergraph).toContain('CUSTOMERS @join__graph(name: "customers", url: "http://customers.internal:4000/graphql")');
    expect(supergraph).toContain('type Customer implements Node @join__type(graph: CUSTOMERS, key: "id")');
  });

  it('serves 100 orders with customers from both backends through Hive Gateway at 7 backend GETs', async () => {
    const result = await client.raw({ query: ORDERS_QUERY });
    expect(result.errors).toBeUndefined();
    const data = OrdersResult.parse(result.data);
    expect(data.orders).toHaveLength(100);
    for (const order of data.orders) {
      const [, , name] = CUSTOMERS[(order.number - 1) % CUSTOMERS.length]!;
      expect(order.customer.name).toBe(name);
    }
    expect(data.orders[0]!.customer.billingAddress!.country).toBe('United States');
    expect(data.orders[4]!.customer).toMatchObject({ backend: 'FLEXPORTAL', billingAddress: { city: 'Uppsala', country: 'Sweden' } });

    const gets = [...(await stack.flowglad.requests()), ...(await stack.flexportal.requests())].filter((r) => r.method === 'GET');
    expect(gets).toHaveLength(7);
    expect(new Set(gets.map((r) => r.path)).size).toBe(7);
  });

  it('sees an updateCustomer made through the gateway in the next query', async () => {
    const mutation = `mutation ($id: ID!) { updateCustomer(input: { id: $id, name: "Road Runner" }) { customer { name } userErrors { code } } }`;
    const updated = await client.raw({ query: mutation, variables: { id: ids[0] } });
    expect(updated.data).toEqual({ updateCustomer: { customer: { name: 'Road Runner' }, userErrors: [] } });
    const after = OrdersResult.parse((await client.raw({ query: ORDERS_QUERY })).data);
    expect(after.orders[0]!.customer.name).toBe('Road Runner');
    expect(after.orders[1]!.customer.name).toBe('Hank Scorpio');
  });

  it('passes customerChanged through: a subscription to the gateway (SSE both ways) gets an update made through it', async () => {
    const subscription = await subscribe(gateway.url, { query: print(CustomerChangedDocument), variables: { id: ids[5] } });
    try {
      expect(subscription.status).toBe(200);
      const mutation = `mutation ($id: ID!) { updateCustomer(input: { id: $id, company: "Through The Gateway" }) { userErrors { code } } }`;
      expect((await client.raw({ query: mutation, variables: { id: ids[5] } })).data).toEqual({ updateCustomer: { userErrors: [] } });
      expect((await subscription.next())?.data).toEqual({
        customerChanged: { id: ids[5], name: 'Omar Haddad', company: 'Through The Gateway', updatedAt: expect.any(String) },
      });
    } finally {
      await subscription.close();
    }
  });
});

describe('entity resolution on the subgraph', () => {
  it('resolves unknown references to null, and malformed ones to null with their own BAD_USER_INPUT, without failing the others', async () => {
    const representations = [ids[0], globalId('flowglad', 'nobody'), 'garbage!', globalId('nosuchsource', 'x'), ids[4]].map((id) => ({
      __typename: 'Customer',
      id,
    }));
    const result = await stack.graphql.execute(EntitiesDocument, { representations });
    expect(result.errors?.map((error) => [error.path, error.extensions?.code, error.extensions?.argument])).toEqual([
      [['_entities', 2], 'BAD_USER_INPUT', 'representations[2].id'],
    ]);
    expect(result.data!._entities.map((e) => (e && 'name' in e ? e.name : null))).toEqual(['Wile Coyote', null, null, null, 'Emma Larsson']);
  });

  it('costs one backend GET per distinct customer for 100 representations (MAX_ENTITIES_PER_REQUEST)', async () => {
    const representations = Array.from({ length: 100 }, (_, i) => ({ __typename: 'Customer', id: ids[i % ids.length] }));
    const result = await stack.graphql.execute(EntitiesDocument, { representations });
    expect(result.data!._entities).toHaveLength(100);
    expect(result.data!._entities.every((e) => e !== null)).toBe(true);
    const gets = [...(await stack.flowglad.requests()), ...(await stack.flexportal.requests())];
    expect(gets).toHaveLength(7);
  });
});
