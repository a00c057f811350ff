// Every ISO 3166-1 alpha-2 code round-trips through both backends: written (FlexPortal, by name)
// or stored (Flowglad, whose billing address is read-only over its API), then read back as the
// same countryCode and country.
import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COUNTRY_NAMES } from '../src/customers/countries.js';
import { StoredAddress } from '../support/answer.js';
import { globalId, useStack } from './support/stack.js';

const stack = useStack({}, { FLEXPORTAL_EMULATOR_RATE_LIMIT: '100000' });

const CODES = Object.keys(countries.getAlpha2Codes()).sort();

const ReadAddress = z.looseObject({ countryCode: z.string().nullable(), country: z.string().nullable() });
type ReadAddress = z.infer<typeof ReadAddress>;
const CustomersPage = z.looseObject({
  customers: z.looseObject({
    edges: z.array(z.looseObject({ node: z.looseObject({ externalId: z.string(), billingAddress: ReadAddress.nullable() }) })),
    pageInfo: z.looseObject({ hasNextPage: z.boolean(), endCursor: z.string() }),
  }),
});

const UPDATE_COUNTRY = `mutation ($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { customer { billingAddress { countryCode country } } userErrors { field code message } }
}`;

async function writeCountry(country: string) {
  const result = await stack.graphql.raw({
    query: UPDATE_COUNTRY,
    variables: { input: { id: globalId('flexportal', 'cus_1005'), billingAddress: { country } } },
  });
  expect(result.errors).toBeUndefined();
  return z
    .looseObject({ updateCustomer: z.looseObject({ customer: z.looseObject({ billingAddress: ReadAddress }).nullable(), userErrors: z.array(z.unknown()) }) })
    .parse(result.data).updateCustomer;
}

describe('countries through FlexPortal (stored by name)', () => {
  it(`writes each of the ${CODES.length} codes as its one English name and reads back the same countryCode and country`, async () => {
    const lost: string[] = [];
    for (const code of CODES) {
      const { customer, userErrors } = await writeCountry(code);
      const read = customer?.billingAddress;
      if (userErrors.length > 0 || read?.countryCode !== code || read.country !== COUNTRY_NAMES.get(code)) {
        lost.push(`${code} → ${JSON.stringify({ read, userErrors })}`);
      }
    }
    expect(lost).toEqual([]);
    const sent = (await stack.flexportal.writes()).map((write) => z.object({ billingAddress: StoredAddress }).parse(write.body).billingAddress.country);
    expect(sent).toEqual(CODES.map((code) => COUNTRY_NAMES.get(code)));
    const stored = StoredAddress.parse((await stack.flexportal.record('cus_1005')).lastBillingAddress);
    expect(stored.country).toBe(COUNTRY_NAMES.get(CODES.at(-1)!));
  });

  it.each([
    ['UK', 'GB', 'United Kingdom'],
    ['Great Britain', 'GB', 'United Kingdom'],
    ['united kingdom', 'GB', 'United Kingdom'],
    ['UAE', 'AE', 'United Arab Emirates'],
    ['USA', 'US', 'United States'],
    ['Democratic Republic of the Congo', 'CD', 'Democratic Republic of the Congo'],
  ])('understands %j, and sends FlexPortal the name %j stands for', async (input, code, name) => {
    const { customer, userErrors } = await writeCountry(input);
    expect(userErrors).toEqual([]);
    expect(customer!.billingAddress).toEqual({ countryCode: code, country: name });
    expect(StoredAddress.parse((await stack.flexportal.record('cus_1005')).lastBillingAddress).country).toBe(name);
  });
});

describe('countries through Flowglad (billing address stored by code)', () => {
  it(`reads each of the ${CODES.length} codes stored in a billing address back as the same countryCode and country`, async () => {
    for (const code of CODES) {
      await stack.flowglad.add({
        externalId: `country-${code}`,
        email: `${code.toLowerCase()}@example.com`,
        name: `Country ${code}`,
        billingAddress: { name: 'Ada', address: { country: code, line1: '1 Main St', city: 'Town' } },
      });
    }
    const read = new Map<string, ReadAddress | null>();
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result = await stack.graphql.raw({
        query: `query ($after: String) { customers(source: "flowglad", first: 100, after: $after) {
          edges { node { externalId billingAddress { countryCode country } } } pageInfo { hasNextPage endCursor } } }`,
        variables: { after },
      });
      expect(result.errors).toBeUndefined();
      const connection = CustomersPage.parse(result.data).customers;
      for (const { node } of connection.edges) read.set(node.externalId, node.billingAddress);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const lost = CODES.filter((code) => {
      const address = read.get(`country-${code}`);
      return address?.countryCode !== code || address.country !== COUNTRY_NAMES.get(code);
    });
    expect(lost).toEqual([]);
  });
});
