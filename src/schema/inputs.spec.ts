// The update inputs offer exactly what some backend kind can store, derived from the kinds'
// capabilities: a field every kind refuses would be refused on every use.
import { isInputObjectType, type GraphQLInputObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BACKEND_FACTORIES } from '../backends/registry.js';
import type { BackendCapabilities } from '../customers/backend.js';
import { addressInputKey } from '../customers/input-path.js';
import { ADDRESS_FIELDS, ADDRESS_KINDS, SCALAR_FIELDS } from '../customers/model.js';
import { schema } from '../schema/index.js';

const KINDS: BackendCapabilities[] = Object.values(BACKEND_FACTORIES).map((factory) => factory.capabilities);

/** Input fields that say how to update, not what to store. */
const CONTROL_FIELDS = ['id', 'expectedUpdatedAt', 'dryRun', 'clientMutationId', 'idempotencyKey'];

function inputType(name: string): GraphQLInputObjectType {
  const type = schema.getType(name);
  if (!isInputObjectType(type)) throw new Error(`${name} is not an input type`);
  return type;
}

const inputFields = (name: string) => Object.keys(inputType(name).getFields()).sort();

/** Customer fields some backend kind can write (status: some kind has a status to set). */
const writableFields = () =>
  [
    ...[...SCALAR_FIELDS, ...ADDRESS_KINDS].filter((field) => KINDS.some((caps) => caps.fields[field] !== 'unsupported')),
    ...(KINDS.some((caps) => caps.statuses.length > 0) ? ['status'] : []),
  ].sort();

const writableAddressParts = () =>
  ADDRESS_FIELDS.filter((part) => KINDS.some((caps) => caps.addressFields[part] !== 'unsupported'))
    .map(addressInputKey)
    .sort();

describe('update inputs', () => {
  it('UpdateCustomerInput has a field for exactly the customer fields some backend kind can write', () => {
    expect(inputFields('UpdateCustomerInput').filter((field) => !CONTROL_FIELDS.includes(field))).toEqual(writableFields());
  });

  it('AddressInput has exactly the address parts some backend kind can store', () => {
    expect(inputFields('AddressInput')).toEqual(writableAddressParts());
  });

  it('the read-only address parts stay readable on Address', () => {
    const address = schema.getType('Address');
    const readable = address && 'getFields' in address ? Object.keys(address.getFields()) : [];
    expect(readable).toEqual(expect.arrayContaining(['firstName', 'lastName', 'phone', 'email']));
  });
});
