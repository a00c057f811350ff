// Flowglad wire record ⇄ normalized customer, through the same zod shapes the client parses with.
import { describe, expect, it } from 'vitest';
import { ADDRESS_KINDS, SCALAR_FIELDS, emptyAddress } from '../../customers/model.js';
import { capabilities, toCustomer, toFieldPath, toWireUpdate } from './mapping.js';
import { FlowgladCustomer } from './wire.js';

/** A record as Flowglad's server sends it (epoch-millisecond dates, keys we do not map included). */
const RECORD = {
  id: 'cust_01',
  externalId: 'ada',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  archived: false,
  livemode: true,
  organizationId: 'org_01',
  invoiceNumberBase: 'ADA',
  logoURL: 'https://example.com/logo.png',
  iconURL: null,
  domain: 'example.com',
  userId: 'user_01',
  pricingModelId: 'pm_01',
  createdAt: 1700000000000,
  updatedAt: 1700000500000,
  billingAddress: {
    name: 'Ada King',
    firstName: 'Ada',
    lastName: 'King',
    email: 'billing@example.com',
    phone: '+442079460958',
    address: {
      country: 'GB',
      name: 'Countess of Lovelace',
      line1: '12 St James Square',
      line2: null,
      city: 'London',
      state: 'Greater London',
      postal_code: 'SW1Y 4JH',
    },
  },
};

const FIELDS = [...SCALAR_FIELDS, ...ADDRESS_KINDS];
/** The fields the capabilities say Flowglad stores itself. */
const STORED = FIELDS.filter((field) => ['clearable', 'required'].includes(capabilities.fields[field]));

const read = (changes: Record<string, unknown> = {}) => toCustomer('flowglad-eu', FlowgladCustomer.parse({ ...RECORD, ...changes }));
const readAddress = (changes: Record<string, unknown>, address: Record<string, unknown> = {}) =>
  read({ billingAddress: { ...RECORD.billingAddress, ...changes, address: { ...RECORD.billingAddress.address, ...address } } }).billingAddress;

describe('Flowglad record → customer', () => {
  it('maps every field', () => {
    expect(read()).toEqual({
      source: 'flowglad-eu',
      backend: 'FLOWGLAD',
      externalId: 'ada',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: null,
      phone: null,
      customerType: null,
      logoUrl: 'https://example.com/logo.png',
      iconUrl: null,
      domain: 'example.com',
      userId: 'user_01',
      status: 'ACTIVE',
      billingAddress: {
        contactName: 'Ada King',
        firstName: 'Ada',
        lastName: 'King',
        company: null,
        line1: '12 St James Square',
        line2: null,
        locality: null,
        city: 'London',
        region: 'Greater London',
        postalCode: 'SW1Y 4JH',
        countryCode: 'GB',
        phone: '+442079460958',
        email: 'billing@example.com',
      },
      shippingAddress: null,
      livemode: true,
      createdAt: new Date('2023-11-14T22:13:20.000Z'),
      updatedAt: new Date('2023-11-14T22:21:40.000Z'),
      flowglad: { organizationId: 'org_01', invoiceNumberBase: 'ADA', pricingModelId: 'pm_01' },
      flexportal: null,
    });
  });

  it('reads the pricing model of an older revision from catalogId', () => {
    expect(read({ pricingModelId: undefined, catalogId: 'cat_01' }).flowglad?.pricingModelId).toBe('cat_01');
  });

  it.each([
    ['epoch milliseconds', 1700000000000],
    ['an ISO-8601 string (older doc revisions)', '2023-11-14T22:13:20.000Z'],
    ['an ISO-8601 string with an offset', '2023-11-15T00:13:20+02:00'],
  ])('reads a date in %s', (_, createdAt) => {
    expect(read({ createdAt }).createdAt?.getTime()).toBe(1700000000000);
  });

  it.each([null, undefined])('reads a %s date as null', (updatedAt) => {
    expect(read({ updatedAt }).updatedAt).toBeNull();
  });

  it.each([
    ['Ada Lovelace', 'Ada', 'Lovelace'],
    ['  Ada   Lovelace ', 'Ada', 'Lovelace'],
    ['Cher', null, null],
    ['Ada King Lovelace', null, null],
  ])('keeps the name %j and splits it only when it is two words', (name, firstName, lastName) => {
    expect(read({ name })).toMatchObject({ name, firstName, lastName });
  });

  it('reads archived as ARCHIVED', () => {
    expect(read({ archived: true }).status).toBe('ARCHIVED');
  });

  it.each([
    ['a missing key', undefined],
    ['null', null],
  ])('reads %s for logoURL, iconURL, domain and the billing address as null', (_, value) => {
    expect(read({ logoURL: value, iconURL: value, domain: value, billingAddress: value })).toMatchObject({
      logoUrl: null,
      iconUrl: null,
      domain: null,
      billingAddress: null,
    });
  });

  it('takes the address name as the contact name when the billing address has none', () => {
    expect(readAddress({ name: null })?.contactName).toBe('Countess of Lovelace');
  });

  it('reads a billing address that has only a country', () => {
    expect(read({ billingAddress: { address: { country: 'SE' } } }).billingAddress).toEqual({ ...emptyAddress(), countryCode: 'SE' });
  });

  it.each([
    ['se', 'SE'],
    ['Sweden', 'SE'],
    ['Narnia', null],
  ])('reads the country %j as the code %s', (country, code) => {
    expect(readAddress({}, { country })?.countryCode).toBe(code);
  });
});

describe('write → Flowglad update body', () => {
  it('sends nothing for an empty write', () => {
    expect(toWireUpdate({})).toStrictEqual({});
  });

  it('renames to the wire keys', () => {
    expect(
      toWireUpdate({
        email: 'grace@example.com',
        name: 'Grace Hopper',
        logoUrl: 'https://navy.example/logo.png',
        iconUrl: 'https://navy.example/icon.png',
        domain: 'navy.example',
      }),
    ).toStrictEqual({
      email: 'grace@example.com',
      name: 'Grace Hopper',
      logoURL: 'https://navy.example/logo.png',
      iconURL: 'https://navy.example/icon.png',
      domain: 'navy.example',
    });
  });

  it('sends only the keys given, and null to clear', () => {
    expect(toWireUpdate({ iconUrl: null })).toStrictEqual({ iconURL: null });
  });

  // Flowglad answers 200 while dropping keys it does not know, so none may be sent.
  it.each(FIELDS)('sends %s under one wire key exactly when the capabilities say Flowglad stores it', (field) => {
    expect(Object.keys(toWireUpdate({ [field]: 'x' }))).toHaveLength(STORED.includes(field) ? 1 : 0);
  });
});

describe('Flowglad error path → field path', () => {
  it.each([
    [['customer', 'email'], ['email']],
    [['customer', 'name'], ['name']],
    [['customer', 'logoURL'], ['logoUrl']],
    [['customer', 'iconURL'], ['iconUrl']],
    [['customer', 'domain'], ['domain']],
    [['domain'], ['domain']],
    [['customer', 'userId'], ['userId']],
    [['customer', 'archived'], null],
    [['customer'], null],
    [[], null],
  ])('%j → %j', (wirePath, field) => {
    expect(toFieldPath(wirePath)).toEqual(field);
  });

  it.each(STORED)('names %s again when Flowglad refuses the key it was sent under', (field) => {
    const [wireKey] = Object.keys(toWireUpdate({ [field]: 'x' }));
    expect(toFieldPath(['customer', wireKey!])).toEqual([field]);
  });
});
