// updateCustomer on both backends: partial writes, clearing, addresses, unsupported fields.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useStack } from './support/stack.js';
import { payload, withoutTimestamps } from './support/update.js';

const stack = useStack();

describe('partial updates', () => {
  it('changes only the given Flowglad field; every other stored field stays as it was', async () => {
    const before = await stack.flowglad.record('acme-corp');
    const result = await payload(stack, 'flowglad', 'acme-corp', { email: 'new-billing@acme.example' });
    expect(result.userErrors).toEqual([]);
    expect(result.customer!.email).toBe('new-billing@acme.example');
    const after = await stack.flowglad.record('acme-corp');
    expect(withoutTimestamps(after)).toEqual({ ...withoutTimestamps(before), email: 'new-billing@acme.example' });
    expect(z.number().parse(after.updatedAt)).toBeGreaterThan(z.number().parse(before.updatedAt));
    const writes = await stack.flowglad.writes();
    expect(writes.map((w) => [w.method, w.path, w.body])).toEqual([
      ['PUT', '/api/v1/customers/acme-corp', { customer: { email: 'new-billing@acme.example' } }],
    ]);
  });

  it('changes only the given FlexPortal field; every other stored field stays as it was', async () => {
    const before = await stack.flexportal.record('cus_1002');
    const result = await payload(stack, 'flexportal', 'cus_1002', { company: 'BrightDesk SE' });
    expect(result.userErrors).toEqual([]);
    const after = await stack.flexportal.record('cus_1002');
    expect(withoutTimestamps(after)).toEqual({ ...withoutTimestamps(before), company: 'BrightDesk SE' });
    expect((await stack.flexportal.writes()).map((w) => w.body)).toEqual([{ company: 'BrightDesk SE' }]);
  });

  it('clears a field with null where the backend allows it', async () => {
    const flowglad = await payload(stack, 'flowglad', 'acme-corp', { logoUrl: null });
    expect(flowglad.userErrors).toEqual([]);
    expect((await stack.flowglad.record('acme-corp')).logoURL).toBeNull();
    expect(flowglad.changes).toEqual([{ field: ['logoUrl'], from: 'https://acme.example/logo.png', to: null }]);

    const flex = await payload(stack, 'flexportal', 'cus_1001', { phone: null });
    expect(flex.userErrors).toEqual([]);
    expect((await stack.flexportal.record('cus_1001')).phone ?? null).toBeNull();
    expect(flex.customer!.phone).toBeNull();
  });

  it('merges a FlexPortal address change into the stored address and stores the country by name', async () => {
    const result = await payload(stack, 'flexportal', 'cus_1005', { billingAddress: { country: 'NO', city: 'Bergen', postalCode: '5003' } });
    expect(result.userErrors).toEqual([]);
    const stored = (await stack.flexportal.record('cus_1005')).lastBillingAddress;
    expect(stored).toEqual({
      contactName: 'Ingrid Hansen',
      company: 'Fjordtech AS',
      streetAddress: 'Karl Johans gate 22',
      city: 'Bergen',
      postalCode: '5003',
      country: 'Norway',
      buildingInfo: null,
      locality: null,
      adminArea: null,
    });
    expect(result.customer!.billingAddress).toMatchObject({ city: 'Bergen', countryCode: 'NO', country: 'Norway', line1: 'Karl Johans gate 22' });
    // The update body names it billingAddress even though records name it lastBillingAddress.
    expect(Object.keys(z.looseObject({}).parse((await stack.flexportal.writes())[0]!.body))).toEqual(['billingAddress']);
  });

  it('gives a FlexPortal customer with no shipping address a complete one, and refuses an incomplete one', async () => {
    const incomplete = await payload(stack, 'flexportal', 'cus_1003', { shippingAddress: { country: 'US', city: 'Oakland' } });
    expect(incomplete.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['input', 'shippingAddress', 'contactName'], 'REQUIRED'],
      [['input', 'shippingAddress', 'line1'], 'REQUIRED'],
    ]);
    expect(await stack.flexportal.writes()).toEqual([]);
    const complete = await payload(stack, 'flexportal', 'cus_1003', {
      shippingAddress: { country: 'United States', city: 'Oakland', contactName: 'Li Wei', line1: '1 Broadway', region: 'CA' },
    });
    expect(complete.userErrors).toEqual([]);
    expect((await stack.flexportal.record('cus_1003')).lastShippingAddress).toMatchObject({ country: 'United States', adminArea: 'CA' });
  });

  it('refuses fields the backend cannot store, writing nothing, instead of letting them be dropped', async () => {
    const flowglad = await payload(stack, 'flowglad', 'acme-corp', {
      email: 'ok@acme.example',
      phone: '+46701234567',
      company: 'Acme',
      shippingAddress: { country: 'US', city: 'Tucson' },
      billingAddress: { country: 'US', city: 'Tucson' },
    });
    expect(flowglad.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['input', 'company'], 'UNSUPPORTED_FIELD'],
      [['input', 'phone'], 'UNSUPPORTED_FIELD'],
      [['input', 'billingAddress'], 'UNSUPPORTED_FIELD'],
      [['input', 'shippingAddress'], 'UNSUPPORTED_FIELD'],
    ]);
    expect(flowglad.customer).toBeNull();
    const flex = await payload(stack, 'flexportal', 'cus_1001', { logoUrl: 'https://example.com/a.png', domain: 'example.com' });
    expect(flex.userErrors.map((e) => e.code)).toEqual(['UNSUPPORTED_FIELD', 'UNSUPPORTED_FIELD']);
    expect(flex.userErrors[0]!.message).toContain('logoUrl');
    expect([...(await stack.flowglad.requests()), ...(await stack.flexportal.requests())]).toEqual([]);
  });

  it('reports NOT_FOUND for a customer the backend does not know', async () => {
    const result = await payload(stack, 'flexportal', 'cus_404', { company: 'X' });
    expect(result.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
    expect(await stack.flexportal.writes()).toEqual([]);
  });

  it('echoes clientMutationId', async () => {
    const result = await payload(stack, 'flowglad', 'initech', { domain: 'initech.example', clientMutationId: 'abc-1' });
    expect(result.clientMutationId).toBe('abc-1');
  });
});

describe('userId (Flowglad only)', () => {
  it('sets userId on Flowglad with its change, stores it, and reads it back under flowglad', async () => {
    const before = await stack.flowglad.record('globex');
    const result = await payload(stack, 'flowglad', 'globex', { userId: 'user_777' });
    expect(result.userErrors).toEqual([]);
    expect(result.changes).toEqual([{ field: ['userId'], from: null, to: 'user_777' }]);
    expect(result.customer!.flowglad!.userId).toBe('user_777');
    const after = await stack.flowglad.record('globex');
    expect(withoutTimestamps(after)).toEqual({ ...withoutTimestamps(before), userId: 'user_777' });
    expect((await stack.flowglad.writes()).map((w) => w.body)).toEqual([{ customer: { userId: 'user_777' } }]);
  });

  it('clears userId with null', async () => {
    await stack.flowglad.add({ externalId: 'linked', email: 'linked@example.com', name: 'Linked User', userId: 'user_42' });
    const result = await payload(stack, 'flowglad', 'linked', { userId: null });
    expect(result.userErrors).toEqual([]);
    expect(result.changes).toEqual([{ field: ['userId'], from: 'user_42', to: null }]);
    expect((await stack.flowglad.record('linked')).userId).toBeNull();
  });

  it('computes the userId change on a dry run and writes nothing', async () => {
    const result = await payload(stack, 'flowglad', 'globex', { userId: 'user_777', dryRun: true });
    expect(result.userErrors).toEqual([]);
    expect(result.changes).toEqual([{ field: ['userId'], from: null, to: 'user_777' }]);
    expect(await stack.flowglad.writes()).toEqual([]);
    expect((await stack.flowglad.record('globex')).userId).toBeNull();
  });

  it('reports NOT_APPLIED when Flowglad answers 200 without storing userId', async () => {
    await stack.flowglad.fault({ ignoreFields: ['userId'] });
    const result = await payload(stack, 'flowglad', 'globex', { userId: 'user_777' });
    expect(result.changes).toEqual([]);
    expect(result.userErrors).toEqual([{ field: ['input', 'userId'], code: 'NOT_APPLIED', message: expect.stringContaining('stored value is null') }]);
  });

  it('refuses userId on FlexPortal with UNSUPPORTED_FIELD and writes nothing', async () => {
    const result = await payload(stack, 'flexportal', 'cus_1001', { userId: 'user_777', company: 'Larsson AB' });
    expect(result.userErrors).toEqual([{ field: ['input', 'userId'], code: 'UNSUPPORTED_FIELD', message: expect.stringContaining('userId cannot be stored') }]);
    expect(await stack.flexportal.writes()).toEqual([]);
  });
});

describe('phones that round-trip', () => {
  it('reads a FlexPortal number stored with spacing as E.164, and sees no change when the same number is sent', async () => {
    await stack.flexportal.add({ customerId: 'cus_spaced', phone: '+46 70-111 22 33' });
    const result = await payload(stack, 'flexportal', 'cus_spaced', { phone: '+46 70 111 22 33' });
    expect(result.userErrors).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(result.customer!.phone).toBe('+46701112233');
    expect(await stack.flexportal.writes()).toEqual([]);
  });

  it('writes a number as E.164 and reads the same back', async () => {
    const result = await payload(stack, 'flexportal', 'cus_1001', { phone: '+44 20 7946 0958' });
    expect(result.userErrors).toEqual([]);
    expect(result.changes).toEqual([{ field: ['phone'], from: '+46701112233', to: '+442079460958' }]);
    expect((await stack.flexportal.record('cus_1001')).phone).toBe('+442079460958');
    expect(result.customer!.phone).toBe('+442079460958');
  });
});
