// The emulators follow backends.md on the wire, quirks included.
import { describe, expect, it } from 'vitest';
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
    const { customer } = (await res.json()) as { customer: Record<string, unknown> };
    expect(customer).toMatchObject({ name: 'Road Runner', archived: false, externalId: 'acme-corp' });
    expect(customer).not.toHaveProperty('phone');
    expect(customer.billingAddress).not.toBeNull();
    expect(typeof customer.updatedAt).toBe('number');
  });

  it('answers zod issues for invalid values, JSON errors with request ids, and plain-text 404 for unknown routes', async () => {
    const invalid = await flowglad('/customers/acme-corp', { method: 'PUT', body: JSON.stringify({ customer: { email: 'nope' } }) });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { path: string[] }[]; request_id: string };
    expect(body.error[0]!.path).toEqual(['customer', 'email']);
    expect(body.request_id).toHaveLength(8);
    expect(invalid.headers.get('x-request-id')).toBe(body.request_id);
    expect(((await (await flowglad('/customers/acme-corp', { method: 'PUT', body: '{' })).json()) as { error: string }).error).toBe(
      'Invalid JSON in request body',
    );
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
    const page = (await (await flowglad('/customers?limit=2')).json()) as { data: unknown[]; hasMore: boolean; total: number; nextCursor: string };
    expect(page.data).toHaveLength(2);
    expect(page.hasMore).toBe(true);
    const created = await flowglad('/customers', { method: 'POST', body: JSON.stringify({ customer: { email: 'n@new.example', name: 'New Co', externalId: 'new-co' } }) });
    expect(((await created.json()) as { data: { customer: { externalId: string } } }).data.customer.externalId).toBe('new-co');
    expect((await flowglad('/customers?limit=100').then((r) => r.json()) as { total: number }).total).toBe(page.total + 1);
  });
});

describe('FlexPortal emulator', () => {
  it('needs both the Bearer key and the Tenant-ID', async () => {
    expect((await flexportal('/customers/cus_1001', {}, { authorization: 'fp_test_emulator' })).status).toBe(401);
    const wrongTenant = await flexportal('/customers/cus_1001', {}, { 'tenant-id': 'tenant_other' });
    expect(wrongTenant.status).toBe(403);
    expect(((await wrongTenant.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });

  it('takes billingAddress in updates but answers lastBillingAddress, with country names; a code is a 422', async () => {
    const address = { contactName: 'Emma Larsson', streetAddress: 'Avenyn 1', city: 'Göteborg', country: 'Sweden' };
    const ok = await flexportal('/customers/cus_1001', { method: 'PUT', body: JSON.stringify({ billingAddress: address }) });
    const body = (await ok.json()) as { success: boolean; customerId: string; customer: Record<string, unknown> };
    expect(body).toMatchObject({ success: true, customerId: 'cus_1001' });
    expect(body.customer.lastBillingAddress).toEqual(address);
    expect(body.customer).not.toHaveProperty('billingAddress');
    const code = await flexportal('/customers/cus_1001', { method: 'PUT', body: JSON.stringify({ billingAddress: { ...address, country: 'SE' } }) });
    expect(code.status).toBe(422);
    expect(((await code.json()) as { error: { message: string } }).error.message).toMatch(/^billingAddress\.country:/);
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
});

describe('control surface', () => {
  it('adds customers in the backend shape, logs requests without credentials, injects faults', async () => {
    const added = (await stack.flexportal.add({ customerId: 'cus_test', firstName: 'Test' })) as Record<string, unknown>;
    expect(added).toMatchObject({ customerId: 'cus_test', firstName: 'Test', status: 'active', tenantId: 'tenant_demo' });
    await stack.flowglad.fault({ status: 503 });
    expect((await flowglad('/customers/acme-corp')).status).toBe(503);
    expect((await flowglad('/customers/acme-corp')).status).toBe(200);
    const log = await stack.flowglad.requests();
    expect(log.map((r) => r.status)).toEqual([503, 200]);
    expect(JSON.stringify(log)).not.toContain('sk_test_emulator');
    await stack.flowglad.reset();
    expect(await stack.flowglad.requests()).toEqual([]);
  });
});
