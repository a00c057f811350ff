// FlexPortal wire record ⇄ normalized customer, through the same zod shapes the client parses with.
import { describe, expect, it } from 'vitest';
import { ADDRESS_FIELDS, ADDRESS_KINDS, SCALAR_FIELDS, emptyAddress, type Address } from '../../customers/model.js';
import { changeInputField } from '../../customers/input-path.js';
import { capabilities, toCustomer, toFieldPath, toWireFilter, toWireStatus, toWireUpdate } from './mapping.js';
import { FlexPortalCustomer } from './wire.js';

/** A record as FlexPortal sends it (`last…Address`, country names, keys we do not map included). */
const RECORD = {
  customerId: 'cus_ada',
  tenantId: 'tenant_demo',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  customerType: 'business',
  status: 'active',
  company: 'Analytical Engines',
  phone: '+46701234567',
  lastBillingAddress: {
    contactName: 'Ada Lovelace',
    company: 'Analytical Engines',
    streetAddress: 'Storgatan 5',
    buildingInfo: 'Lgh 1102',
    locality: 'Centrum',
    city: 'Uppsala',
    adminArea: 'Uppsala län',
    postalCode: '753 20',
    country: 'Sweden',
  },
  lastShippingAddress: { contactName: 'Front desk', streetAddress: 'Karl Johans gate 22', city: 'Oslo', country: 'Norway' },
  totalOrders: 3,
  totalDevicesRented: 2,
  totalMonthlyRevenue: 89.5,
  orderIds: ['ord_1'],
  rentalIds: ['rent_1'],
  createdBy: 'api',
  customFields: { segment: 'vip' },
  createdAt: '2024-01-02T03:04:05.000Z',
  updatedAt: '2024-02-03T04:05:06.789Z',
};

const read = (changes: Record<string, unknown> = {}) => toCustomer('flexportal-us', FlexPortalCustomer.parse({ ...RECORD, ...changes }));
const readBilling = (changes: object) => read({ lastBillingAddress: { ...RECORD.lastBillingAddress, ...changes } }).billingAddress;

const OSLO: Address = {
  ...emptyAddress(),
  contactName: 'Grace Hopper',
  company: 'US Navy',
  line1: 'Karl Johans gate 22',
  line2: '3rd floor',
  locality: 'Sentrum',
  city: 'Oslo',
  region: 'Oslo',
  postalCode: '0159',
  countryCode: 'NO',
};

describe('FlexPortal record → customer', () => {
  it('maps every field', () => {
    expect(read()).toEqual({
      source: 'flexportal-us',
      backend: 'FLEXPORTAL',
      externalId: 'cus_ada',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Analytical Engines',
      phone: '+46701234567',
      customerType: 'BUSINESS',
      logoUrl: null,
      iconUrl: null,
      domain: null,
      userId: null,
      status: 'ACTIVE',
      billingAddress: {
        contactName: 'Ada Lovelace',
        firstName: null,
        lastName: null,
        company: 'Analytical Engines',
        line1: 'Storgatan 5',
        line2: 'Lgh 1102',
        locality: 'Centrum',
        city: 'Uppsala',
        region: 'Uppsala län',
        postalCode: '753 20',
        countryCode: 'SE',
        phone: null,
        email: null,
      },
      shippingAddress: {
        ...emptyAddress(),
        contactName: 'Front desk',
        line1: 'Karl Johans gate 22',
        city: 'Oslo',
        countryCode: 'NO',
      },
      livemode: null,
      createdAt: new Date('2024-01-02T03:04:05.000Z'),
      updatedAt: new Date('2024-02-03T04:05:06.789Z'),
      flowglad: null,
      flexportal: {
        tenantId: 'tenant_demo',
        totalOrders: 3,
        totalDevicesRented: 2,
        totalMonthlyRevenue: 89.5,
        orderIds: ['ord_1'],
        rentalIds: ['rent_1'],
        createdBy: 'api',
        customFields: { segment: 'vip' },
      },
    });
  });

  it('reads a record without the totals, lists, creator or custom fields as nulls', () => {
    const { totalOrders, totalDevicesRented, totalMonthlyRevenue, orderIds, rentalIds, createdBy, customFields, tenantId, ...bare } = RECORD;
    expect(toCustomer('flexportal-us', FlexPortalCustomer.parse(bare)).flexportal).toEqual({
      tenantId: null,
      totalOrders: null,
      totalDevicesRented: null,
      totalMonthlyRevenue: null,
      orderIds: null,
      rentalIds: null,
      createdBy: null,
      customFields: null,
    });
  });

  it.each([
    ['Ada', 'Lovelace', 'Ada Lovelace'],
    ['Mary Ann', 'Evans', 'Mary Ann Evans'],
    ['Ada', null, 'Ada'],
    [null, 'Lovelace', 'Lovelace'],
    [null, null, null],
  ])('joins first name %j and last name %j into %j', (firstName, lastName, name) => {
    expect(read({ firstName, lastName })).toMatchObject({ name, firstName, lastName });
  });

  it.each([
    ['individual', 'INDIVIDUAL'],
    ['business', 'BUSINESS'],
    [undefined, null],
  ])('reads customerType %j as %s', (customerType, expected) => {
    expect(read({ customerType }).customerType).toBe(expected);
  });

  it.each([
    ['active', 'ACTIVE'],
    ['inactive', 'INACTIVE'],
  ])('reads status %j as %s', (status, expected) => {
    expect(read({ status }).status).toBe(expected);
  });

  it.each([
    ['an ISO-8601 string', '2024-01-02T03:04:05.000Z', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['an ISO-8601 string with an offset', '2024-01-02T05:04:05+02:00', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['a missing date', undefined, null],
    ['null', null, null],
  ])('reads %s as a date', (_, createdAt, time) => {
    expect(read({ createdAt }).createdAt?.getTime() ?? null).toBe(time);
  });

  it.each([
    ['a missing key', undefined],
    ['null', null],
  ])('reads %s for company, phone and both addresses as null', (_, value) => {
    expect(read({ company: value, phone: value, lastBillingAddress: value, lastShippingAddress: value })).toMatchObject({
      company: null,
      phone: null,
      billingAddress: null,
      shippingAddress: null,
    });
  });

  it.each([
    ['Sweden', 'SE'],
    ['united states', 'US'],
    ['The Netherlands', 'NL'],
    ['Narnia', null],
    [null, null],
  ])('reads the country %j as the code %s', (country, code) => {
    expect(readBilling({ country })?.countryCode).toBe(code);
  });
});

describe('write → FlexPortal update body', () => {
  it('sends nothing for an empty write', () => {
    expect(toWireUpdate({})).toStrictEqual({});
  });

  it('sends the given scalar fields under their own names, null to clear', () => {
    expect(toWireUpdate({ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', company: null, phone: null })).toStrictEqual({
      email: 'grace@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
      company: null,
      phone: null,
    });
  });

  it.each([
    ['INDIVIDUAL', 'individual'],
    ['BUSINESS', 'business'],
  ] as const)('sends customerType %s as %j', (customerType, wire) => {
    expect(toWireUpdate({ customerType })).toStrictEqual({ customerType: wire });
  });

  it.each(ADDRESS_KINDS)('sends %s whole, with wire keys and the country as an English name', (kind) => {
    expect(toWireUpdate({ [kind]: { ...OSLO, firstName: 'Grace', lastName: 'Hopper', phone: '+4722000000', email: 'g@example.com' } })).toStrictEqual({
      [kind]: {
        contactName: 'Grace Hopper',
        company: 'US Navy',
        streetAddress: 'Karl Johans gate 22',
        buildingInfo: '3rd floor',
        locality: 'Sentrum',
        city: 'Oslo',
        adminArea: 'Oslo',
        postalCode: '0159',
        country: 'Norway',
      },
    });
  });

  it('sends the empty optional parts of an address as null, so the whole address is replaced', () => {
    expect(
      toWireUpdate({ billingAddress: { ...emptyAddress(), contactName: 'Li Wei', line1: '500 Market St', city: 'San Francisco', countryCode: 'US' } }),
    ).toStrictEqual({
      billingAddress: {
        contactName: 'Li Wei',
        company: null,
        streetAddress: '500 Market St',
        buildingInfo: null,
        locality: null,
        city: 'San Francisco',
        adminArea: null,
        postalCode: null,
        country: 'United States',
      },
    });
  });

  const SAMPLE_VALUES: Record<string, unknown> = { customerType: 'BUSINESS', billingAddress: OSLO, shippingAddress: OSLO };

  it.each([...SCALAR_FIELDS, ...ADDRESS_KINDS])('sends %s exactly when the capabilities say FlexPortal stores it', (field) => {
    const support = capabilities.fields[field];
    const value = SAMPLE_VALUES[field] ?? 'x';
    expect(Object.keys(toWireUpdate({ [field]: value }))).toEqual(support === 'clearable' || support === 'required' ? [field] : []);
  });

  // What is written is read back as the same address (FlexPortal answers with the stored record).
  const roundTrip = (countryCode: string) => {
    const body = toWireUpdate({ billingAddress: { ...OSLO, countryCode } });
    return readBilling(body.billingAddress!);
  };

  it.each(['NO', 'SE', 'US', 'DE', 'NL', 'QA', 'KR'])('reads an address written in %s back unchanged', (countryCode) => {
    expect(roundTrip(countryCode)).toEqual({ ...OSLO, countryCode });
  });

  // GB was once written as "UK" (refused as a code), CD as "Congo" (read back as CG).
  it.each(['GB', 'CD', 'CG', 'AE'])('reads an address written in %s back unchanged', (countryCode) => {
    expect(roundTrip(countryCode)).toEqual({ ...OSLO, countryCode });
  });
});

describe('status → FlexPortal status', () => {
  it.each([
    ['ACTIVE', 'active'],
    ['INACTIVE', 'inactive'],
    ['ARCHIVED', null],
  ] as const)('%s → %j', (status, wire) => {
    expect(toWireStatus(status)).toBe(wire);
  });
});

describe('FlexPortal error field → field path', () => {
  it.each([
    ['email', ['email']],
    ['firstName', ['firstName']],
    ['lastName', ['lastName']],
    ['company', ['company']],
    ['phone', ['phone']],
    ['customerType', ['customerType']],
    ['status', ['status']],
    ['billingAddress', ['billingAddress']],
    ['billingAddress.streetAddress', ['billingAddress', 'line1']],
    ['billingAddress.buildingInfo', ['billingAddress', 'line2']],
    ['shippingAddress.adminArea', ['shippingAddress', 'region']],
    ['shippingAddress.country', ['shippingAddress', 'countryCode']],
    ['billingAddress.somethingNew', ['billingAddress']],
    ['tenantId', null],
    ['customerId', null],
    ['', null],
  ])('%j → %j', (wireField, field) => {
    expect(toFieldPath(wireField)).toEqual(field);
  });

  it('names the input field the caller wrote (country, not countryCode)', () => {
    expect(changeInputField(toFieldPath('shippingAddress.country')!)).toEqual(['shippingAddress', 'country']);
  });

  // Every stored address part is written under a wire key that an error names it back by.
  // Each part holds its own name; typed as Address, the list of parts is checked complete.
  const marked: Address = {
    contactName: 'contactName',
    firstName: 'firstName',
    lastName: 'lastName',
    company: 'company',
    line1: 'line1',
    line2: 'line2',
    locality: 'locality',
    city: 'city',
    region: 'region',
    postalCode: 'postalCode',
    countryCode: 'countryCode',
    phone: 'phone',
    email: 'email',
  };
  const written = toWireUpdate({ shippingAddress: { ...marked, countryCode: 'SE' } }).shippingAddress!;
  const storedParts = ADDRESS_FIELDS.filter((part) => part !== 'countryCode' && capabilities.addressFields[part] !== 'unsupported');

  it.each(storedParts)('names shippingAddress.%s again when FlexPortal refuses it', (part) => {
    const [wireKey] = Object.entries(written).find(([, value]) => value === part)!;
    expect(toFieldPath(`shippingAddress.${wireKey}`)).toEqual(['shippingAddress', part]);
  });
});

describe('filter → FlexPortal list parameters', () => {
  it.each([
    [{}, {}],
    [{ email: 'a@example.com' }, { email: 'a@example.com' }],
    [{ status: 'ACTIVE' }, { status: 'active' }],
    [
      { status: 'INACTIVE', customerType: 'BUSINESS' },
      { status: 'inactive', customerType: 'business' },
    ],
    [{ customerType: 'INDIVIDUAL', email: null, status: null }, { customerType: 'individual' }],
    // No FlexPortal customer is archived: nothing to ask for.
    [{ status: 'ARCHIVED', customerType: 'BUSINESS' }, null],
  ] as const)('%j → %j', (filter, query) => {
    expect(toWireFilter(filter)).toEqual(query);
  });

  it('has a parameter for each filter the capabilities declare', () => {
    const given = { email: 'a@example.com', status: 'ACTIVE', customerType: 'BUSINESS' } as const;
    expect(Object.keys(toWireFilter(given)!).sort()).toEqual([...capabilities.filters].sort());
  });
});
