// The emulators follow backends.md on the wire, quirks included.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CustomerBody, ErrorBody, FlexPortalError } from '../support/answer.js';
import { startEmulatorsProcess } from '../support/processes.js';
import { useStack } from './support/stack.js';

const stack = useStack({}, { FLEXPORTAL_EMULATOR_RATE_LIMIT: '5' });

const flowglad = (path: string, init: RequestInit = {}, key = 'sk_test_emulator') =>
  fetch(`${stack.flowglad.url}/api/v1${path}`, { ...init, headers: { authorization: key, 'content-type': 'application/json', ...init.headers } });
const flexportal = (path: string, init: RequestInit = {}, headers: Record<string, string> = {}) =>
  fetch(`${stack.flexportal.url}/v1${path}`, {
    ...init,
    headers: { authorization: 'Bearer fp_test_emulator', 'tenant-id': 'tenant_demo', 'content-type': 'application/json', ...headers },
  });

describe('Flowglad emulator', () => {
  it('answers 401 in plain text for a bad key, and accepts the raw key or Bearer', async () => {
    const bad = await flowglad('/customers/acme-corp', {}, 'sk_test_wrong');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await flowglad('/customers/acme-corp', {}, 'Bearer sk_test_emulator')).status).toBe(200);
  });

  it('silently drops unknown and read-only keys, answers 200, and dates are epoch milliseconds', async () => {
    const res = await flowglad('/customers/acme-corp', {
      method: 'PUT',
      body: JSON.stringify({ customer: { name: 'Road Runner', phone: '+1555', archived: true, billingAddress: null, externalId: 'x' } }),
    });
    expect(res.status).toBe(200);
    const { customer } = CustomerBody.parse(await res.json());
    expect(customer).toMatchObject({ name: 'Road Runner', archived: false, externalId: 'acme-corp' });
    expect(customer).not.toHaveProperty('phone');
    expect(customer.billingAddress).not.toBeNull();
    expect(typeof customer.updatedAt).toBe('number');
  });

  it('answers zod issues for invalid values, JSON errors with request ids, and plain-text 404 for unknown routes', async () => {
    const invalid = await flowglad('/customers/acme-corp', { method: 'PUT', body: JSON.stringify({ customer: { email: 'nope' } }) });
    expect(invalid.status).toBe(400);
    const body = z.looseObject({ error: z.array(z.looseObject({ path: z.array(z.string()) })), request_id: z.string() }).parse(await invalid.json());
    expect(body.error[0]!.path).toEqual(['customer', 'email']);
    expect(body.request_id).toHaveLength(8);
    expect(invalid.headers.get('x-request-id')).toBe(body.request_id);
    expect(ErrorBody.parse(await (await flowglad('/customers/acme-corp', { method: 'PUT', body: '{' })).json()).error).toBe('Invalid JSON in request body');
    const unknown = await flowglad('/nothing');
    expect([unknown.status, await unknown.text()]).toEqual([404, 'Not Found']);
  });

  it('archives one way through the archive route (empty body is a 400); archived customers answer 404', async () => {
    expect((await flowglad('/customers/globex/archive', { method: 'POST' })).status).toBe(400);
    expect((await flowglad('/customers/globex/archive', { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await flowglad('/customers/globex')).status).toBe(404);
    expect((await flowglad('/customers/globex', { method: 'PUT', body: '{"customer":{}}' })).status).toBe(404);
  });

  it('lists with cursor paging and creates customers', async () => {
    const Page = z.looseObject({ data: z.array(z.unknown()), hasMore: z.boolean(), total: z.number() });
    const page = Page.parse(await (await flowglad('/customers?limit=2')).json());
    expect(page.data).toHaveLength(2);
    expect(page.hasMore).toBe(true);
    const created = await flowglad('/customers', {
      method: 'POST',
      body: JSON.stringify({ customer: { email: 'n@new.example', name: 'New Co', externalId: 'new-co' } }),
    });
    expect(z.object({ data: CustomerBody }).parse(await created.json()).data.customer.externalId).toBe('new-co');
    expect(Page.parse(await (await flowglad('/customers?limit=100')).json()).total).toBe(page.total + 1);
  });
});

describe('FlexPortal emulator', () => {
  it('needs both the Bearer key and the Tenant-ID', async () => {
    expect((await flexportal('/customers/cus_1001', {}, { authorization: 'fp_test_emulator' })).status).toBe(401);
    const wrongTenant = await flexportal('/customers/cus_1001', {}, { 'tenant-id': 'tenant_other' });
    expect(wrongTenant.status).toBe(403);
    expect(FlexPortalError.parse(await wrongTenant.json()).error.code).toBe('FORBIDDEN');
  });

  it('takes billingAddress in updates but answers lastBillingAddress, with country names; a code is a 422', async () => {
    const address = { contactName: 'Emma Larsson', streetAddress: 'Avenyn 1', city: 'Göteborg', country: 'Sweden' };
    const ok = await flexportal('/customers/cus_1001', { method: 'PUT', body: JSON.stringify({ billingAddress: address }) });
    const body = CustomerBody.extend({ success: z.boolean(), customerId: z.string() }).parse(await ok.json());
    expect(body).toMatchObject({ success: true, customerId: 'cus_1001' });
    expect(body.customer.lastBillingAddress).toEqual(address);
    expect(body.customer).not.toHaveProperty('billingAddress');
    const code = await flexportal('/customers/cus_1001', { method: 'PUT', body: JSON.stringify({ billingAddress: { ...address, country: 'SE' } }) });
    expect(code.status).toBe(422);
    expect(FlexPortalError.parse(await code.json()).error.message).toMatch(/^billingAddress\.country:/);
  });

  it('answers 429 with Retry-After over the rate limit (5 per minute here)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await flexportal('/customers/cus_1001')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await flexportal('/customers/cus_1001');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('soft-deletes (status inactive) and reactivates with PUT status active', async () => {
    expect((await flexportal('/customers/cus_1002', { method: 'DELETE' })).status).toBe(200);
    expect(await stack.flexportal.record('cus_1002')).toMatchObject({ status: 'inactive' });
    await flexportal('/customers/cus_1002', { method: 'PUT', body: '{"status":"active"}' });
    expect(await stack.flexportal.record('cus_1002')).toMatchObject({ status: 'active' });
  });

  it('removes a field set to null from the record, as FlexPortal does', async () => {
    expect((await flexportal('/customers/cus_1001', { method: 'PUT', body: '{"company":"Acme AB","phone":null}' })).status).toBe(200);
    const stored = await stack.flexportal.record('cus_1001');
    expect(stored).toMatchObject({ company: 'Acme AB' });
    expect(stored).not.toHaveProperty('phone');
  });
});

describe('control surface', () => {
  const statuses = async (emulator: 'flowglad' | 'flexportal') => (await stack[emulator].requests()).map((r) => `${r.method} ${r.status}`);
  const putFlexPortal = (customerId: string, fields: Record<string, unknown>) =>
    flexportal(`/customers/${customerId}`, { method: 'PUT', body: JSON.stringify(fields) });
  const putFlowglad = (externalId: string, customer: Record<string, unknown>) =>
    flowglad(`/customers/${externalId}`, { method: 'PUT', body: JSON.stringify({ customer }) });
  /** Polls until `check` holds (a request has arrived, say). */
  const until = async (check: () => Promise<boolean>) => {
    while (!(await check())) await sleep(10);
  };

  it('adds customers in the backend shape', async () => {
    const added = await stack.flexportal.add({ customerId: 'cus_test', firstName: 'Test' });
    expect(added).toMatchObject({ customerId: 'cus_test', firstName: 'Test', status: 'active', tenantId: 'tenant_demo' });
    // A field of the wrong type is refused by name rather than stored for the service to trip over.
    await expect(stack.flowglad.add({ externalId: 'typed', archived: 'yes' })).rejects.toThrow(/400 .*archived: /);
    await expect(stack.flexportal.add({ firstName: 'No Id' })).rejects.toThrow(/400 .*customerId: /);
  });

  it('logs each request with its request id, traceparent, arrival time and the status answered, never a credential', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await stack.flowglad.fault({ status: 503 });
    await stack.flowglad.fault({ dropConnection: true });
    const before = Date.now();
    expect((await flowglad('/customers/acme-corp', { headers: { 'x-request-id': 'req-1', traceparent } })).status).toBe(503);
    await expect(putFlowglad('globex', { domain: 'globex.test' })).rejects.toThrow('fetch failed');
    expect((await flowglad('/customers/nobody?expand=all', { headers: { 'x-request-id': 'req-3' } })).status).toBe(404);
    const log = await stack.flowglad.requests();
    expect(log).toEqual([
      { method: 'GET', path: '/api/v1/customers/acme-corp', status: 503, body: null, requestId: 'req-1', traceparent, receivedAt: expect.any(Number) },
      // A dropped connection is logged with status 0.
      {
        method: 'PUT',
        path: '/api/v1/customers/globex',
        status: 0,
        body: { customer: { domain: 'globex.test' } },
        requestId: null,
        traceparent: null,
        receivedAt: expect.any(Number),
      },
      {
        method: 'GET',
        path: '/api/v1/customers/nobody?expand=all',
        status: 404,
        body: null,
        requestId: 'req-3',
        traceparent: null,
        receivedAt: expect.any(Number),
      },
    ]);
    const arrivals = log.map((r) => r.receivedAt);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
    expect(arrivals[0]).toBeGreaterThanOrEqual(before);
    expect(arrivals[2]).toBeLessThanOrEqual(Date.now());
    expect(JSON.stringify(log)).not.toContain('sk_test_emulator');
  });

  it('applies a fault scoped by method and path prefix only to matching requests', async () => {
    await stack.flexportal.fault({ method: 'PUT', pathPrefix: '/v1/customers/cus_1001', status: 503 });
    expect((await flexportal('/customers/cus_1001')).status).toBe(200);
    expect((await putFlexPortal('cus_1002', { company: 'Other' })).status).toBe(200);
    expect((await putFlexPortal('cus_1001', { company: 'Faulted' })).status).toBe(503);
    expect((await putFlexPortal('cus_1001', { company: 'Stored' })).status).toBe(200);
    expect(await statuses('flexportal')).toEqual(['GET 200', 'PUT 200', 'PUT 503', 'PUT 200']);
  });

  it('takes the first queued fault that matches, each for its count', async () => {
    await stack.flowglad.fault({ method: 'PUT', status: 409 });
    await stack.flowglad.fault({ count: 2, status: 502 });
    await stack.flowglad.fault({ status: 429, retryAfter: 7 });
    expect((await flowglad('/customers/acme-corp')).status).toBe(502); // the PUT fault does not match a GET
    expect((await putFlowglad('acme-corp', { domain: 'acme.test' })).status).toBe(409);
    expect((await flowglad('/customers/acme-corp')).status).toBe(502);
    const limited = await flowglad('/customers/acme-corp');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await flowglad('/customers/acme-corp')).status).toBe(200);
  });

  it('delays before handling with latencyMs, and after storing the change with afterApply', async () => {
    // Each GET is made while the PUT is still unanswered: its log status is null until then.
    await stack.flexportal.fault({ method: 'PUT', latencyMs: 800 });
    const late = putFlexPortal('cus_1003', { company: 'Not Yet' });
    await until(async () => (await stack.flexportal.requests()).length === 1);
    expect((await stack.flexportal.record('cus_1003')).company ?? null).toBeNull();
    expect((await stack.flexportal.requests())[0]!.status).toBeNull();
    expect((await late).status).toBe(200);

    await stack.flexportal.fault({ method: 'PUT', latencyMs: 800, afterApply: true });
    const committed = putFlexPortal('cus_1003', { company: 'Committed' });
    await until(async () => (await stack.flexportal.requests()).length === 3);
    expect((await stack.flexportal.record('cus_1003')).company).toBe('Committed');
    expect((await stack.flexportal.requests())[2]!.status).toBeNull();
    expect((await committed).status).toBe(200);
    expect(await statuses('flexportal')).toEqual(['PUT 200', 'GET 200', 'PUT 200', 'GET 200']);
  });

  it('drops the connection before handling, or with afterApply after storing the change (outcome unknown)', async () => {
    await stack.flexportal.fault({ method: 'PUT', dropConnection: true });
    await expect(putFlexPortal('cus_1003', { company: 'Lost' })).rejects.toThrow('fetch failed');
    expect((await stack.flexportal.record('cus_1003')).company ?? null).toBeNull();

    await stack.flexportal.fault({ method: 'PUT', dropConnection: true, afterApply: true });
    await expect(putFlexPortal('cus_1003', { company: 'Stored Unanswered' })).rejects.toThrow('fetch failed');
    expect((await stack.flexportal.record('cus_1003')).company).toBe('Stored Unanswered');
    expect(await statuses('flexportal')).toEqual(['PUT 0', 'GET 200', 'PUT 0', 'GET 200']);
  });

  it('ignoreFields applies to updates only: a read in between does not use it up', async () => {
    await stack.flowglad.fault({ ignoreFields: ['email'] });
    expect((await flowglad('/customers/acme-corp')).status).toBe(200);
    const ignored = await putFlowglad('acme-corp', { email: 'new@acme.example', domain: 'acme.test' });
    expect(ignored.status).toBe(200);
    expect(CustomerBody.parse(await ignored.json()).customer).toMatchObject({ email: 'billing@acme.example', domain: 'acme.test' });
    expect((await putFlowglad('acme-corp', { email: 'new@acme.example' })).status).toBe(200);
    expect((await stack.flowglad.record('acme-corp')).email).toBe('new@acme.example');
  });

  it('refuses an invalid fault with 400 naming the field, and queues nothing', async () => {
    const post = (body: unknown) =>
      fetch(`${stack.flowglad.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const [fault, named] of [
      [{ latencyMs: -1 }, 'latencyMs'],
      [{ method: 'put' }, 'method'],
      [{ dropConection: true }, 'dropConection'],
      [{ dropConnection: true, status: 503 }, 'status'],
      [{ retryAfter: 5 }, 'retryAfter'],
    ] as const) {
      const res = await post(fault);
      expect([res.status, ErrorBody.parse(await res.json()).error]).toEqual([400, expect.stringContaining(named)]);
    }
    expect((await flowglad('/customers/acme-corp')).status).toBe(200);
  });

  it('clears pending faults on DELETE, and log and faults on reset', async () => {
    await stack.flowglad.fault({ status: 503 });
    await stack.flowglad.control('DELETE', 'faults');
    expect((await flowglad('/customers/acme-corp')).status).toBe(200);
    await stack.flowglad.fault({ status: 503 });
    await stack.flowglad.reset();
    expect(await stack.flowglad.requests()).toEqual([]);
    expect((await flowglad('/customers/acme-corp')).status).toBe(200);
  });
});

describe('FlexPortal rate window', () => {
  let emulators: Awaited<ReturnType<typeof startEmulatorsProcess>>;
  beforeAll(async () => {
    emulators = await startEmulatorsProcess({ FLEXPORTAL_EMULATOR_RATE_LIMIT: '3', FLEXPORTAL_EMULATOR_RATE_WINDOW_MS: '1000' });
  });
  afterAll(async () => {
    await emulators?.process.stop();
  });

  it('answers 429 with Retry-After to the 4th request in a 1 s window of 3, and admits requests once the window has passed', async () => {
    const get = () =>
      fetch(`${emulators.flexportal}/v1/customers/cus_1001`, { headers: { authorization: 'Bearer fp_test_emulator', 'tenant-id': 'tenant_demo' } });
    const first = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await get()).status);
    const limited = await get();
    expect([...statuses, limited.status]).toEqual([200, 200, 200, 429, 429]);
    expect(limited.headers.get('retry-after')).toBe('1');
    await sleep(first + 1100 - Date.now());
    expect((await get()).status).toBe(200);
  });
});
