// The one mapping from model fields to the caller's input paths and labels, pinned by hand for
// every field each backend kind can write.
import { describe, expect, it } from 'vitest';
import { capabilities as flexportal } from '../backends/flexportal/mapping.js';
import { capabilities as flowglad } from '../backends/flowglad/mapping.js';
import { addressInputKey, argumentLabel, changeInputField, fieldLabel, inputPath } from './input-path.js';
import { ADDRESS_FIELDS, ADDRESS_KINDS, SCALAR_FIELDS, WRITABLE_ADDRESS_FIELDS, type AddressField } from './model.js';
import { fromZodIssues, userError } from './user-error.js';

const BACKENDS = [
  ['Flowglad', flowglad],
  ['FlexPortal', flexportal],
] as const;

/** Every address part by its input key: its own name, but for the one written out here. */
const ADDRESS_INPUT_KEYS: Record<AddressField, string> = {
  ...(Object.fromEntries(ADDRESS_FIELDS.map((part) => [part, part])) as Record<AddressField, string>),
  countryCode: 'country',
};

describe('addressInputKey', () => {
  it.each(ADDRESS_FIELDS.map((part) => [part, ADDRESS_INPUT_KEYS[part]]))('%s → %s', (part, key) => {
    expect(addressInputKey(part)).toBe(key);
  });
});

describe.each(BACKENDS)('%s: every field it stores maps to its input path and label', (_name, caps) => {
  const scalars = SCALAR_FIELDS.filter((field) => caps.fields[field] !== 'unsupported');
  it.each(scalars)('%s keeps its name', (field) => {
    expect(changeInputField([field])).toEqual([field]);
    expect(inputPath(changeInputField([field]))).toEqual(['input', field]);
    expect(fieldLabel(changeInputField([field]))).toBe(field);
  });

  const parts = ADDRESS_KINDS.flatMap((kind) =>
    ADDRESS_FIELDS.filter((part) => caps.fields[kind] !== 'unsupported' && caps.addressFields[part] !== 'unsupported').map((part) => [kind, part] as const),
  );
  it.each(parts)('%s.%s: the part by its input key', (kind, part) => {
    const key = ADDRESS_INPUT_KEYS[part];
    expect(changeInputField([kind, part])).toEqual([kind, key]);
    expect(inputPath(changeInputField([kind, part]))).toEqual(['input', kind, key]);
    expect(fieldLabel(changeInputField([kind, part]))).toBe(`${kind}.${key}`);
  });
});

describe('input paths and labels', () => {
  it('maps the parts a caller writes, FlexPortal’s country among them', () => {
    expect(WRITABLE_ADDRESS_FIELDS.map((part) => changeInputField(['billingAddress', part]))).toEqual(
      ['contactName', 'company', 'line1', 'line2', 'locality', 'city', 'region', 'postalCode', 'country'].map((key) => ['billingAddress', key]),
    );
  });

  it('leaves status and a whole address as they are', () => {
    expect(changeInputField(['status'])).toEqual(['status']);
    expect(changeInputField(['shippingAddress'])).toEqual(['shippingAddress']);
  });

  it('labels a field the same with or without the leading "input", and an argument whole', () => {
    expect(fieldLabel(['billingAddress', 'city'])).toBe('billingAddress.city');
    expect(fieldLabel(['input', 'billingAddress', 'city'])).toBe('billingAddress.city');
    expect(argumentLabel(['input', 'billingAddress', 'city'])).toBe('input.billingAddress.city');
  });

  it('is the path of every user error, from the planner and from zod alike', () => {
    expect(userError(['shippingAddress', 'country'], 'REQUIRED', 'x').field).toEqual(['input', 'shippingAddress', 'country']);
    const [zod] = fromZodIssues([{ code: 'custom', path: ['input', 'shippingAddress', 'country'], message: 'is not a known country.', input: 'x' }]);
    expect(zod).toEqual({ field: ['input', 'shippingAddress', 'country'], code: 'INVALID', message: 'shippingAddress.country is not a known country.' });
  });
});
