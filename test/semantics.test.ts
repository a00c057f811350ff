// Update semantics beyond the backends: no silent drops, no lost updates.
import { describe, expect, it } from 'vitest';
import { StoredAddress } from '../support/answer.js';
import { useStack } from './support/stack.js';
import { payload } from './support/update.js';

const stack = useStack({}, { FLEXPORTAL_EMULATOR_RATE_LIMIT: '1000' });

describe('read-back verification', () => {
  it('reports a field Flowglad answered 200 for but did not store as NOT_APPLIED, and keeps the rest', async () => {
    // An ignoreFields fault applies to updates only: the service's read passes untouched.
    await stack.flowglad.fault({ ignoreFields: ['email'] });
    const result = await payload(stack, 'flowglad', 'globex', { email: 'new@globex.example', domain: 'globex.test' });
    expect(result.userErrors).toEqual([{ field: ['input', 'email'], code: 'NOT_APPLIED', message: expect.stringContaining('"ap@globex.example"') }]);
    expect(result.changes).toEqual([{ field: ['domain'], from: 'globex.example', to: 'globex.test' }]);
    expect(result.customer!.email).toBe('ap@globex.example');
  });

  it('reports an address part FlexPortal did not store as NOT_APPLIED on that part', async () => {
    await stack.flexportal.fault({ ignoreFields: ['billingAddress'] });
    const result = await payload(stack, 'flexportal', 'cus_1005', { company: 'Fjordtech ASA', billingAddress: { country: 'NO', city: 'Bergen' } });
    expect(result.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'billingAddress', 'city'], 'NOT_APPLIED']]);
    expect(result.changes.map((c) => c.field)).toEqual([['company']]);
  });
});

describe('optimistic concurrency', () => {
  it('refuses with CONFLICT and writes nothing when the customer changed since expectedUpdatedAt', async () => {
    const first = await payload(stack, 'flexportal', 'cus_1002', { dryRun: true });
    const seen = first.customer!.updatedAt!;
    // Someone else changes the customer directly in FlexPortal.
    await fetch(`${stack.flexportal.url}/v1/customers/cus_1002`, {
      method: 'PUT',
      headers: { authorization: 'Bearer fp_test_emulator', 'tenant-id': 'tenant_demo', 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+4930999999' }),
    });
    const writesBefore = (await stack.flexportal.writes()).length;
    const result = await payload(stack, 'flexportal', 'cus_1002', { company: 'Mine', expectedUpdatedAt: seen });
    expect(result.userErrors).toEqual([{ field: ['input', 'expectedUpdatedAt'], code: 'CONFLICT', message: expect.stringContaining('read it again') }]);
    expect((await stack.flexportal.writes()).length).toBe(writesBefore);
    expect((await stack.flexportal.record('cus_1002')).company).toBe('BrightDesk GmbH');

    const fresh = result.customer!.updatedAt!;
    const retry = await payload(stack, 'flexportal', 'cus_1002', { company: 'Mine', expectedUpdatedAt: fresh });
    expect(retry.userErrors).toEqual([]);
    expect((await stack.flexportal.record('cus_1002')).company).toBe('Mine');
  });
});

describe('dry run and changes', () => {
  it('computes the changes without writing, and the real update returns the same changes', async () => {
    const input = { name: 'Astrid Berg', domain: 'nordlicht.se', logoUrl: 'https://nordlicht.se/logo.svg' };
    const dry = await payload(stack, 'flowglad', 'nordlicht-ab', { ...input, dryRun: true });
    expect(dry.userErrors).toEqual([]);
    expect(dry.changes).toEqual([
      { field: ['name'], from: 'Astrid Lindqvist', to: 'Astrid Berg' },
      { field: ['lastName'], from: 'Lindqvist', to: 'Berg' },
      { field: ['logoUrl'], from: null, to: 'https://nordlicht.se/logo.svg' },
      { field: ['domain'], from: 'nordlicht.example', to: 'nordlicht.se' },
    ]);
    expect(dry.customer!.name).toBe('Astrid Lindqvist');
    expect(await stack.flowglad.writes()).toEqual([]);

    const real = await payload(stack, 'flowglad', 'nordlicht-ab', input);
    expect(real.changes).toEqual(dry.changes);
    expect(real.customer!.name).toBe('Astrid Berg');
  });

  it('sends only values that differ, and nothing at all when nothing differs', async () => {
    const same = await payload(stack, 'flowglad', 'acme-corp', { email: 'billing@acme.example', domain: 'acme.example' });
    expect(same.changes).toEqual([]);
    expect(await stack.flowglad.writes()).toEqual([]);
    await payload(stack, 'flowglad', 'acme-corp', { email: 'billing@acme.example', domain: 'acme.test' });
    expect((await stack.flowglad.writes()).map((w) => w.body)).toEqual([{ customer: { domain: 'acme.test' } }]);
  });
});

describe('CANNOT_CLEAR', () => {
  it('refuses null for fields the backend cannot empty, all at once, writing nothing', async () => {
    const flowglad = await payload(stack, 'flowglad', 'acme-corp', { email: null, name: null, domain: null });
    expect(flowglad.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['input', 'email'], 'CANNOT_CLEAR'],
      [['input', 'name'], 'CANNOT_CLEAR'],
    ]);
    const flex = await payload(stack, 'flexportal', 'cus_1001', {
      firstName: null,
      customerType: null,
      status: null,
      billingAddress: null,
      shippingAddress: { country: 'SE', contactName: null, line2: null },
    });
    expect(flex.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['input', 'firstName'], 'CANNOT_CLEAR'],
      [['input', 'customerType'], 'CANNOT_CLEAR'],
      [['input', 'status'], 'CANNOT_CLEAR'],
      [['input', 'billingAddress'], 'CANNOT_CLEAR'],
      [['input', 'shippingAddress', 'contactName'], 'CANNOT_CLEAR'],
    ]);
    expect([...(await stack.flowglad.writes()), ...(await stack.flexportal.writes())]).toEqual([]);
  });
});

describe('normalization', () => {
  it.each([['SE'], ['se'], ['Sweden'], [' sweden ']])('stores country %j by name on FlexPortal and reads it back as code and name', async (country) => {
    const result = await payload(stack, 'flexportal', 'cus_1004', { shippingAddress: { country, postalCode: '111 22', city: 'Stockholm' } });
    expect(result.userErrors).toEqual([]);
    expect(StoredAddress.parse((await stack.flexportal.record('cus_1004')).lastShippingAddress).country).toBe('Sweden');
    expect(result.customer!.shippingAddress).toMatchObject({ countryCode: 'SE', country: 'Sweden' });
  });

  it('reads the alpha-2 code Flowglad stores as both countryCode and country', async () => {
    const result = await payload(stack, 'flowglad', 'nordlicht-ab', { dryRun: true });
    expect(result.customer!.billingAddress).toMatchObject({ countryCode: 'SE', country: 'Sweden' });
  });

  it('stores phone numbers in E.164', async () => {
    await payload(stack, 'flexportal', 'cus_1003', { phone: '+1 (415) 555-0132' });
    expect((await stack.flexportal.record('cus_1003')).phone).toBe('+14155550132');
  });

  it('splits a two-word name into FlexPortal first and last name, and refuses an ambiguous one', async () => {
    const ok = await payload(stack, 'flexportal', 'cus_1003', { name: 'Wei Li' });
    expect(ok.userErrors).toEqual([]);
    expect(await stack.flexportal.record('cus_1003')).toMatchObject({ firstName: 'Wei', lastName: 'Li' });
    const ambiguous = await payload(stack, 'flexportal', 'cus_1003', { name: 'Maria de la Cruz' });
    expect(ambiguous.userErrors).toEqual([
      { field: ['input', 'name'], code: 'UNSUPPORTED_FIELD', message: expect.stringContaining('send firstName and lastName instead') },
    ]);
  });

  it('joins first and last name into the Flowglad name, and refuses half a name when the stored one is ambiguous', async () => {
    await payload(stack, 'flowglad', 'initech', { firstName: 'Peter', lastName: 'Gibbons' });
    expect((await stack.flowglad.record('initech')).name).toBe('Peter Gibbons');
    await payload(stack, 'flowglad', 'initech', { lastName: 'Bolton' });
    expect((await stack.flowglad.record('initech')).name).toBe('Peter Bolton');
    const ambiguous = await payload(stack, 'flowglad', 'umbrella', { lastName: 'Spencer' });
    expect(ambiguous.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'lastName'], 'UNSUPPORTED_FIELD']]);
    const both = await payload(stack, 'flowglad', 'umbrella', { name: 'A B', firstName: 'C' });
    expect(both.userErrors.map((e) => e.code)).toContain('INVALID');
  });

  it('maps status per backend: Flowglad archives one way, FlexPortal toggles ACTIVE/INACTIVE', async () => {
    const archived = await payload(stack, 'flowglad', 'tyrell', { status: 'ARCHIVED' });
    expect(archived.userErrors).toEqual([]);
    expect(archived.customer!.status).toBe('ARCHIVED');
    expect((await stack.flowglad.writes()).map((w) => [w.method, w.path])).toEqual([['POST', '/api/v1/customers/tyrell/archive']]);
    const unarchive = await payload(stack, 'flowglad', 'tyrell', { status: 'ACTIVE' });
    expect(unarchive.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const inactive = await payload(stack, 'flowglad', 'globex', { status: 'INACTIVE' });
    expect(inactive.userErrors.map((e) => e.code)).toEqual(['UNSUPPORTED_FIELD']);

    await payload(stack, 'flexportal', 'cus_1006', { status: 'ACTIVE' });
    expect((await stack.flexportal.record('cus_1006')).status).toBe('active');
    await payload(stack, 'flexportal', 'cus_1006', { status: 'INACTIVE' });
    expect((await stack.flexportal.record('cus_1006')).status).toBe('inactive');
    const flexArchive = await payload(stack, 'flexportal', 'cus_1006', { status: 'ARCHIVED' });
    expect(flexArchive.userErrors.map((e) => e.code)).toEqual(['UNSUPPORTED_FIELD']);
  });
});

describe('serialization', () => {
  it('applies 20 concurrent partial updates of one customer one after another, so all 20 survive', async () => {
    const address = (kind: 'billingAddress' | 'shippingAddress', part: string, value: string) => ({ [kind]: { country: 'Sweden', [part]: value } });
    const parts = ['contactName', 'line1', 'line2', 'locality', 'city', 'region', 'postalCode'];
    const updates: Record<string, unknown>[] = [
      { company: 'Larsson Design AB' },
      { phone: '+46709998877' },
      { email: 'emma@larsson.example' },
      { firstName: 'Emmy' },
      { lastName: 'Larsson-Berg' },
      { customerType: 'BUSINESS' },
      ...parts.map((part) => address('billingAddress', part, `billing ${part}`)),
      ...parts.map((part) => address('shippingAddress', part, `shipping ${part}`)),
    ];
    expect(updates).toHaveLength(20);
    const results = await Promise.all(updates.map((fields) => payload(stack, 'flexportal', 'cus_1001', fields)));
    for (const result of results) expect(result.userErrors).toEqual([]);

    const stored = await stack.flexportal.record('cus_1001');
    expect(stored).toMatchObject({
      company: 'Larsson Design AB',
      phone: '+46709998877',
      email: 'emma@larsson.example',
      firstName: 'Emmy',
      lastName: 'Larsson-Berg',
      customerType: 'business',
    });
    const wire: Record<string, string> = {
      contactName: 'contactName',
      line1: 'streetAddress',
      line2: 'buildingInfo',
      locality: 'locality',
      city: 'city',
      region: 'adminArea',
      postalCode: 'postalCode',
    };
    for (const part of parts) {
      expect(StoredAddress.parse(stored.lastBillingAddress)[wire[part]!]).toBe(`billing ${part}`);
      expect(StoredAddress.parse(stored.lastShippingAddress)[wire[part]!]).toBe(`shipping ${part}`);
    }
  });
});

describe('rejection by the backend', () => {
  it('maps a FlexPortal 422 back to the input field it names', async () => {
    const result = await payload(stack, 'flexportal', 'cus_1001', { email: 'procurement@brightdesk.example' });
    expect(result.userErrors).toEqual([
      { field: ['input', 'email'], code: 'REJECTED_BY_BACKEND', message: expect.stringContaining('already used by another customer') },
    ]);
    expect((await stack.flexportal.record('cus_1001')).email).toBe('emma.larsson@example.se');
  });

  it('names the whole input when the refusal names no field', async () => {
    await stack.flexportal.fault({ method: 'PUT', status: 422 });
    const result = await payload(stack, 'flexportal', 'cus_1001', { company: 'Acme AB' });
    expect(result.userErrors).toEqual([{ field: ['input'], code: 'REJECTED_BY_BACKEND', message: expect.stringContaining('flexportal refused the value') }]);
    expect((await stack.flexportal.record('cus_1001')).company).not.toBe('Acme AB');
  });

  it("maps Flowglad's 400 zod issues back to input paths", async () => {
    const result = await payload(stack, 'flowglad', 'acme-corp', { name: 'N'.repeat(280) });
    expect(result.userErrors).toEqual([
      { field: ['input', 'name'], code: 'REJECTED_BY_BACKEND', message: expect.stringContaining('flowglad refused the value of name') },
    ]);
    expect((await stack.flowglad.record('acme-corp')).name).toBe('Wile Coyote');
  });
});
