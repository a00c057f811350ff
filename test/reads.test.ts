// Reading customers from both backends through the GraphQL API.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CustomerByExternalIdDocument, CustomerDocument, CustomersDocument, NodeDocument, type CustomersQuery } from './generated/graphql.js';
import { globalId, useStack, type GraphQLResult } from './support/stack.js';

const stack = useStack();

describe('customer reads', () => {
  it('normalizes a Flowglad customer (epoch-ms dates, derived first/last name, billing address with country code and name)', async () => {
    const { data, errors } = await stack.graphql.execute(CustomerByExternalIdDocument, { source: 'flowglad', externalId: 'acme-corp' });
    expect(errors).toBeUndefined();
    const customer = data!.customerByExternalId!;
    const raw = await stack.flowglad.record('acme-corp');
    expect(customer).toMatchObject({
      source: 'flowglad',
      backend: 'FLOWGLAD',
      externalId: 'acme-corp',
      email: raw.email,
      name: 'Wile Coyote',
      firstName: 'Wile',
      lastName: 'Coyote',
      status: 'ACTIVE',
      domain: 'acme.example',
      logoUrl: 'https://acme.example/logo.png',
      livemode: false,
      shippingAddress: null,
      createdAt: new Date(z.number().parse(raw.createdAt)).toISOString(),
      billingAddress: { line1: '1 Desert Road', city: 'Phoenix', region: 'AZ', postalCode: '85001', countryCode: 'US', country: 'United States' },
    });
  });

  it('normalizes a FlexPortal customer (name from first + last, last…Address, country name → code)', async () => {
    const { data } = await stack.graphql.execute(CustomerByExternalIdDocument, { source: 'flexportal', externalId: 'cus_1002' });
    expect(data!.customerByExternalId).toMatchObject({
      backend: 'FLEXPORTAL',
      name: 'Omar Haddad',
      company: 'BrightDesk GmbH',
      customerType: 'BUSINESS',
      status: 'ACTIVE',
      phone: '+493012345678',
      billingAddress: { line1: 'Friedrichstraße 68', line2: '3. OG', locality: 'Mitte', countryCode: 'DE', country: 'Germany' },
      shippingAddress: { contactName: 'Front desk', city: 'Berlin' },
    });
  });

  it('resolves the same customer by global ID through customer and node; the ID is URL-safe', async () => {
    const { data } = await stack.graphql.execute(CustomerByExternalIdDocument, { source: 'flexportal', externalId: 'cus_1001' });
    const id = data!.customerByExternalId!.id;
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    const byId = await stack.graphql.execute(CustomerDocument, { id });
    expect(byId.data!.customer!.externalId).toBe('cus_1001');
    const node = await stack.graphql.execute(NodeDocument, { id });
    expect(node.data!.node).toEqual({ id, externalId: 'cus_1001', source: 'flexportal' });
  });

  it('answers null for a customer the backend does not know (and for an archived Flowglad one)', async () => {
    for (const [source, key] of [
      ['flowglad', 'nobody'],
      ['flowglad', 'cyberdyne'],
      ['flexportal', 'cus_9999'],
    ] as const) {
      const { data, errors } = await stack.graphql.execute(CustomerDocument, { id: globalId(source, key) });
      expect(errors).toBeUndefined();
      expect(data!.customer).toBeNull();
    }
  });

  it.each(['flowglad', 'flexportal'])('pages through every %s customer with Relay cursors', async (source) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: GraphQLResult<CustomersQuery> = await stack.graphql.execute(CustomersDocument, { source, first: 2, after });
      expect(result.errors).toBeUndefined();
      const connection = result.data!.customers;
      seen.push(...connection.edges.map((e) => e.node.externalId));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor!;
    }
    const all = await stack.graphql.execute(CustomersDocument, { source, first: 100 });
    expect(seen).toEqual(all.data!.customers.edges.map((e) => e.node.externalId));
    expect(new Set(seen).size).toBeGreaterThanOrEqual(6);
  });

  it('continues after any edge cursor, not only the end cursor', async () => {
    const all = (await stack.graphql.execute(CustomersDocument, { source: 'flowglad', first: 100 })).data!.customers.edges;
    const firstPage = (await stack.graphql.execute(CustomersDocument, { source: 'flowglad', first: 3 })).data!.customers.edges;
    const next = await stack.graphql.execute(CustomersDocument, { source: 'flowglad', first: 2, after: firstPage[0]!.cursor });
    expect(next.data!.customers.edges.map((e) => e.node.externalId)).toEqual(all.slice(1, 3).map((e) => e.node.externalId));
  });

  it('refuses a page size outside 1..100 and a forged cursor, naming the argument', async () => {
    const big = await stack.graphql.execute(CustomersDocument, { source: 'flowglad', first: 1000 });
    expect(big.errors![0]!.message).toContain('first');
    expect(big.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const forged = await stack.graphql.execute(CustomersDocument, { source: 'flowglad', first: 2, after: 'bm9wZQ' });
    expect(forged.errors![0]!.message).toContain('after');
    expect(forged.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('backend details', () => {
  const flowgladDetails = (raw: Record<string, unknown>) => ({
    userId: raw.userId,
    organizationId: raw.organizationId,
    invoiceNumberBase: raw.invoiceNumberBase,
    pricingModelId: raw.pricingModelId,
  });
  const flexportalDetails = (raw: Record<string, unknown>) => ({
    tenantId: raw.tenantId,
    totalOrders: raw.totalOrders,
    totalDevicesRented: raw.totalDevicesRented,
    totalMonthlyRevenue: raw.totalMonthlyRevenue,
    orderIds: raw.orderIds,
    rentalIds: raw.rentalIds,
    createdBy: raw.createdBy,
    customFields: raw.customFields ?? null,
  });

  it("gives every Flowglad detail field exactly as Flowglad's REST API returns it, and no FlexPortal details", async () => {
    await stack.flowglad.add({ externalId: 'linked', email: 'linked@example.com', name: 'Linked User', userId: 'user_42', invoiceNumberBase: 'LNK' });
    for (const key of ['acme-corp', 'globex', 'linked']) {
      const { data, errors } = await stack.graphql.execute(CustomerByExternalIdDocument, { source: 'flowglad', externalId: key });
      expect(errors).toBeUndefined();
      const raw = await stack.flowglad.record(key);
      expect(data!.customerByExternalId!.flowglad).toEqual(flowgladDetails(raw));
      expect(data!.customerByExternalId!.flexportal).toBeNull();
    }
    const linked = await stack.graphql.execute(CustomerByExternalIdDocument, { source: 'flowglad', externalId: 'linked' });
    expect(linked.data!.customerByExternalId!.flowglad).toMatchObject({ userId: 'user_42', invoiceNumberBase: 'LNK' });
  });

  it("gives every FlexPortal detail field exactly as FlexPortal's REST API returns it, and no Flowglad details", async () => {
    await stack.flexportal.add({ customerId: 'cus_custom', customFields: { segment: 'vip', seats: 12, tags: ['a', 'b'] }, createdBy: 'api' });
    for (const key of ['cus_1001', 'cus_1002', 'cus_1004', 'cus_custom']) {
      const { data, errors } = await stack.graphql.execute(CustomerByExternalIdDocument, { source: 'flexportal', externalId: key });
      expect(errors).toBeUndefined();
      const raw = await stack.flexportal.record(key);
      expect(data!.customerByExternalId!.flexportal).toEqual(flexportalDetails(raw));
      expect(data!.customerByExternalId!.flowglad).toBeNull();
    }
    const custom = await stack.graphql.execute(CustomerByExternalIdDocument, { source: 'flexportal', externalId: 'cus_custom' });
    expect(custom.data!.customerByExternalId!.flexportal!.customFields).toEqual({ segment: 'vip', seats: 12, tags: ['a', 'b'] });
    const emma = await stack.graphql.execute(CustomerByExternalIdDocument, { source: 'flexportal', externalId: 'cus_1001' });
    expect(emma.data!.customerByExternalId!.flexportal).toMatchObject({ totalOrders: 3, totalMonthlyRevenue: 59.8, rentalIds: ['rent_9001', 'rent_9002'] });
  });
});

describe('customers(filter:)', () => {
  const keys = (result: GraphQLResult<CustomersQuery>) => result.data!.customers.edges.map((edge) => edge.node.externalId);
  const listQueries = async () => (await stack.flexportal.requests()).filter((r) => r.method === 'GET' && r.path.startsWith('/v1/customers?'));

  it("applies each FlexPortal condition through FlexPortal's own list parameters", async () => {
    const inactive = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 100, filter: { status: 'INACTIVE' } });
    expect(inactive.errors).toBeUndefined();
    expect(keys(inactive)).toEqual(['cus_1006']);
    const business = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 100, filter: { customerType: 'BUSINESS' } });
    expect(keys(business)).toEqual(['cus_1002', 'cus_1005']);
    const byEmail = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 100, filter: { email: 'ops@fjordtech.example' } });
    expect(keys(byEmail)).toEqual(['cus_1005']);
    const both = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 100, filter: { customerType: 'BUSINESS', status: 'INACTIVE' } });
    expect(keys(both)).toEqual([]);
    const sent = (await listQueries()).map((r) => Object.fromEntries(new URLSearchParams(r.path.split('?')[1])));
    expect(sent).toEqual([
      { status: 'inactive', limit: '100' },
      { customerType: 'business', limit: '100' },
      { email: 'ops@fjordtech.example', limit: '100' },
      { customerType: 'business', status: 'inactive', limit: '100' },
    ]);
  });

  it('treats null conditions as no condition', async () => {
    const all = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 100 });
    const nulls = await stack.graphql.execute(CustomersDocument, {
      source: 'flexportal',
      first: 100,
      filter: { email: null, status: null, customerType: null },
    });
    expect(keys(nulls)).toEqual(keys(all));
  });

  it('pages through a filtered list with its cursors, seeing exactly the filtered customers', async () => {
    for (let i = 0; i < 5; i++) await stack.flexportal.add({ customerId: `cus_biz_${i}`, customerType: 'business' });
    const all = keys(await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 100, filter: { customerType: 'BUSINESS' } }));
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: GraphQLResult<CustomersQuery> = await stack.graphql.execute(CustomersDocument, {
        source: 'flexportal',
        first: 2,
        after,
        filter: { customerType: 'BUSINESS' },
      });
      expect(result.errors).toBeUndefined();
      seen.push(...keys(result));
      if (!result.data!.customers.pageInfo.hasNextPage) break;
      after = result.data!.customers.pageInfo.endCursor!;
    }
    expect(seen).toEqual(all);
  });

  it('refuses a cursor with a filter other than the one its page was listed with, and calls no backend', async () => {
    const business = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 1, filter: { customerType: 'BUSINESS' } });
    const unfiltered = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 1 });
    const before = (await listQueries()).length;
    for (const [cursor, filter] of [
      [business.data!.customers.pageInfo.endCursor!, { customerType: 'INDIVIDUAL' as const }],
      [business.data!.customers.pageInfo.endCursor!, null],
      [unfiltered.data!.customers.pageInfo.endCursor!, { status: 'ACTIVE' as const }],
    ] as const) {
      const refused = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 1, after: cursor, filter });
      expect(refused.data).toBeNull();
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
      expect(refused.errors![0]!.message).toContain('another filter');
    }
    expect(await listQueries()).toHaveLength(before);
  });

  it('refuses every condition on Flowglad, whose list cannot filter, naming the condition and the source; Flowglad is not called', async () => {
    for (const [filter, argument] of [
      [{ email: 'ap@globex.example' }, 'filter.email'],
      [{ status: 'ARCHIVED' as const }, 'filter.status'],
      [{ customerType: 'BUSINESS' as const, status: 'ACTIVE' as const }, 'filter.status'],
    ] as const) {
      const refused = await stack.graphql.execute(CustomersDocument, { source: 'flowglad', first: 10, filter });
      expect(refused.data).toBeNull();
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(refused.errors![0]!.message).toMatch(/Source "flowglad" cannot filter customers by/);
    }
    expect(await stack.flowglad.requests()).toEqual([]);
    const nulls = await stack.graphql.execute(CustomersDocument, { source: 'flowglad', first: 10, filter: { status: null } });
    expect(nulls.errors).toBeUndefined();
  });

  it('answers status ARCHIVED on FlexPortal, which has no archived customers, with an empty page and no backend call', async () => {
    const archived = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 10, filter: { status: 'ARCHIVED' } });
    expect(archived.errors).toBeUndefined();
    expect(archived.data!.customers).toMatchObject({ edges: [], pageInfo: { hasNextPage: false } });
    expect(await listQueries()).toEqual([]);
  });

  it('refuses a malformed email condition, naming filter.email', async () => {
    const refused = await stack.graphql.execute(CustomersDocument, { source: 'flexportal', first: 10, filter: { email: 'not-an-email' } });
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.email' });
    expect(refused.errors![0]!.message).toContain('filter.email');
    expect(await listQueries()).toEqual([]);
  });
});
