// The planner over every writable field × every backend × set / clear / unchanged / left out.
// Most expectations are derived from the real capabilities tables; the hand-written rows
// below pin concrete behaviour, so a typo in a capabilities table fails here too.
import { describe, expect, it } from 'vitest';
import type { BackendCapabilities, FieldSupport } from './backend.js';
import { capabilities as flexportal } from '../backends/flexportal/mapping.js';
import { capabilities as flowglad } from '../backends/flowglad/mapping.js';
import {
  ADDRESS_FIELDS,
  ADDRESS_KINDS,
  CUSTOMER_STATUSES,
  SCALAR_FIELDS,
  emptyAddress,
  isNameField,
  type Address,
  type AddressField,
  type AddressKind,
  type BackendKind,
  type Customer,
  type CustomerFields,
  type CustomerStatus,
  type ScalarField,
} from './model.js';
import { addressInputKey, changeInputField } from './input-path.js';
import {
  checkPatch,
  diff,
  inputReadReasons,
  planUpdate,
  planWithoutRead,
  type AddressPatch,
  type CustomerPatch,
  type FieldWrite,
  type InputReadReason,
  type UpdatePlan,
  type WritePlan,
} from './plan.js';
import type { UserErrorCode } from './user-error.js';

const fullAddress: Address = {
  contactName: 'Ada Lovelace',
  firstName: 'Ada',
  lastName: 'Lovelace',
  company: 'Analytical Engines',
  line1: 'Storgatan 5',
  line2: 'Lgh 1102',
  locality: 'Centrum',
  city: 'Uppsala',
  region: 'Uppsala län',
  postalCode: '753 20',
  countryCode: 'SE',
  phone: '+46701234567',
  email: 'billing@example.com',
};

/** Keeps only the parts a backend stores, as its mapping would read them. */
function storedParts(address: Address, caps: BackendCapabilities): Address {
  const stored = { ...address };
  for (const part of ADDRESS_FIELDS) if (caps.addressFields[part] === 'unsupported') stored[part] = null;
  return stored;
}

/** A patch setting one scalar field. */
function patchOf<F extends ScalarField>(field: F, value: CustomerPatch[F]): CustomerPatch {
  const patch: CustomerPatch = {};
  patch[field] = value;
  return patch;
}

/** Customers as each backend's mapping reads them: fields the backend cannot store are null. */
const STORED: Record<BackendKind, Customer> = {
  FLOWGLAD: {
    source: 'flowglad',
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
    iconUrl: 'https://example.com/icon.png',
    domain: 'example.com',
    userId: 'user_ada',
    status: 'ACTIVE',
    // Read-only over Flowglad's API, but there.
    billingAddress: { ...fullAddress, company: null, locality: null },
    shippingAddress: null,
    livemode: false,
    createdAt: new Date('2024-01-01T00:00:00Z'),
    updatedAt: new Date('2024-01-02T00:00:00Z'),
    flowglad: { organizationId: 'org_1', invoiceNumberBase: 'ADA', pricingModelId: 'pm_1' },
    flexportal: null,
  },
  FLEXPORTAL: {
    source: 'flexportal',
    backend: 'FLEXPORTAL',
    externalId: 'cus_ada',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: 'Analytical Engines',
    phone: '+46701234567',
    customerType: 'INDIVIDUAL',
    logoUrl: null,
    iconUrl: null,
    domain: null,
    userId: null,
    status: 'ACTIVE',
    billingAddress: storedParts(fullAddress, flexportal),
    shippingAddress: storedParts({ ...fullAddress, contactName: 'Front desk', line1: 'Kungsgatan 1' }, flexportal),
    livemode: null,
    createdAt: new Date('2024-01-01T00:00:00Z'),
    updatedAt: new Date('2024-01-02T00:00:00Z'),
    flowglad: null,
    flexportal: {
      tenantId: 'tenant_1',
      totalOrders: 1,
      totalDevicesRented: 1,
      totalMonthlyRevenue: 9.5,
      orderIds: ['ord_1'],
      rentalIds: ['rent_1'],
      createdBy: 'order',
      customFields: null,
    },
  },
};

const BACKENDS = [
  { backend: 'FLOWGLAD', source: 'flowglad', caps: flowglad },
  { backend: 'FLEXPORTAL', source: 'flexportal', caps: flexportal },
] as const;

const capsOf = (backend: BackendKind) => BACKENDS.find((b) => b.backend === backend)!;

/** Values that differ from every stored value above. */
const NEW_VALUES: { [F in ScalarField]: NonNullable<CustomerFields[F]> } = {
  email: 'grace@example.com',
  name: 'Grace Hopper',
  firstName: 'Grace',
  lastName: 'Hopper',
  company: 'US Navy',
  phone: '+14155552671',
  customerType: 'BUSINESS',
  logoUrl: 'https://navy.example/logo.png',
  iconUrl: 'https://navy.example/icon.png',
  domain: 'navy.example',
  userId: 'user_grace',
};
const NEW_PARTS: Address = {
  contactName: 'Grace Hopper',
  firstName: 'Grace',
  lastName: 'Hopper',
  company: 'US Navy',
  line1: 'Karl Johans gate 22',
  line2: '3rd floor',
  locality: 'Sentrum',
  city: 'Oslo',
  region: 'Oslo',
  postalCode: '0159',
  countryCode: 'NO',
  phone: '+4722000000',
  email: 'navy@example.com',
};

const stores = (support: FieldSupport) => support === 'clearable' || support === 'required';

/** An address as the input carries it: the other parts the backend stores, and always the country. */
function addressInput(address: Address, caps: BackendCapabilities): AddressPatch {
  const parts = ADDRESS_FIELDS.filter((part) => part !== 'countryCode' && caps.addressFields[part] !== 'unsupported');
  return { ...pick(address, parts), country: address.countryCode! };
}

function pick(address: Address, parts: readonly AddressField[]): Partial<Address> {
  return Object.fromEntries(parts.map((part) => [part, address[part]]));
}

/** What capabilities say about a value before anything is read. */
function expectedRefusal(support: FieldSupport, value: unknown): UserErrorCode | null {
  if (support === 'unsupported') return 'UNSUPPORTED_FIELD';
  if (value === null && support !== 'clearable') return 'CANNOT_CLEAR';
  return null;
}

/** A user error at an input path, whose message names the field as callers write it. */
const errorAt = (path: string[], code: UserErrorCode) => ({
  field: ['input', ...path],
  code,
  message: expect.stringContaining(path.join('.')),
});

function planned(current: Customer, patch: CustomerPatch, caps: BackendCapabilities): UpdatePlan {
  const result = planUpdate(current, patch, caps);
  if ('errors' in result) throw new Error(`unexpected user errors: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

function refused(current: Customer, patch: CustomerPatch, caps: BackendCapabilities) {
  const result = planUpdate(current, patch, caps);
  if ('plan' in result) throw new Error(`expected user errors, got the plan ${JSON.stringify(result.plan)}`);
  return result.errors;
}

/** Derived invariant: a write carries only fields the backend stores itself. */
function expectWriteStored(plan: UpdatePlan, caps: BackendCapabilities) {
  for (const key of Object.keys(plan.write)) expect(stores(caps.fields[key as ScalarField | AddressKind]), key).toBe(true);
}

type Mode = 'set' | 'clear' | 'unchanged';
const MODES: readonly Mode[] = ['set', 'clear', 'unchanged'];

describe('scalar fields × backend × set / clear / unchanged, from the capabilities', () => {
  const rows = BACKENDS.flatMap(({ backend, caps }) =>
    SCALAR_FIELDS.flatMap((field) => MODES.map((mode) => ({ backend, field, mode, support: caps.fields[field] }))),
  );

  it.each(rows)('$backend $field $mode ($support)', ({ backend, field, mode }) => {
    const { source, caps } = capsOf(backend);
    const current = STORED[backend];
    const value = mode === 'set' ? NEW_VALUES[field] : mode === 'clear' ? null : current[field];
    const patch = patchOf(field, value);

    const refusal = expectedRefusal(caps.fields[field], value);
    const errors = checkPatch(patch, caps, source);
    if (refusal) {
      expect(errors).toEqual([errorAt([field], refusal)]);
      return;
    }
    expect(errors).toEqual([]);
    const plan = planned(current, patch, caps);
    expect(plan.target[field]).toBe(value);
    expect(plan.status).toBeNull();
    expectWriteStored(plan, caps);
    if (mode === 'unchanged') {
      expect(plan.changes).toEqual([]);
      expect(plan.write).toEqual({});
      return;
    }
    expect(plan.changes).toContainEqual({ field: [field], from: current[field], to: value });
    if (stores(caps.fields[field])) expect(plan.write).toHaveProperty(field, value);
    else expect(plan.write).not.toHaveProperty(field);
  });
});

describe('a field left out is unchanged and not written', () => {
  const WRITABLE = [...SCALAR_FIELDS, 'status', ...ADDRESS_KINDS] as const;
  const rows = BACKENDS.flatMap(({ backend }) => WRITABLE.map((field) => ({ backend, field })));

  it.each(rows)('$backend $field', ({ backend, field }) => {
    const { source, caps } = capsOf(backend);
    const current = STORED[backend];
    // Another stored field outside the name family changes meanwhile.
    const other = SCALAR_FIELDS.find((f) => f !== field && !isNameField(f) && stores(caps.fields[f]))!;
    const patch = patchOf(other, NEW_VALUES[other]);

    expect(checkPatch(patch, caps, source)).toEqual([]);
    const plan = planned(current, patch, caps);
    expect(plan.target[field]).toEqual(current[field]);
    expect(plan.changes).toEqual([{ field: [other], from: current[other], to: NEW_VALUES[other] }]);
    expect(plan.write).toEqual({ [other]: NEW_VALUES[other] });
    expect(plan.status).toBeNull();
  });
});

describe('whole addresses × backend × set / clear / unchanged, from the capabilities', () => {
  const rows = BACKENDS.flatMap(({ backend, caps }) =>
    ADDRESS_KINDS.flatMap((kind) => MODES.map((mode) => ({ backend, kind, mode, support: caps.fields[kind] }))),
  );

  it.each(rows)('$backend $kind $mode ($support)', ({ backend, kind, mode }) => {
    const { source, caps } = capsOf(backend);
    const current = STORED[backend];
    const stored = current[kind];
    const target = mode === 'set' ? storedParts(NEW_PARTS, caps) : mode === 'clear' ? null : stored;
    const value = mode === 'set' ? addressInput(NEW_PARTS, caps) : stored && mode === 'unchanged' ? addressInput(stored, caps) : null;
    const patch: CustomerPatch = { [kind]: value };

    const refusal = expectedRefusal(caps.fields[kind], value);
    const errors = checkPatch(patch, caps, source);
    if (refusal) {
      // One error for the address; its parts are not judged one by one.
      expect(errors).toEqual([errorAt([kind], refusal)]);
      return;
    }
    expect(errors).toEqual([]);
    const plan = planned(current, patch, caps);
    expect(plan.target[kind]).toEqual(target);
    if (mode === 'unchanged') {
      expect(plan.changes).toEqual([]);
      expect(plan.write).toEqual({});
      return;
    }
    // Every stored part differs between the fixtures, so every stored part changes.
    const changed = ADDRESS_FIELDS.filter((part) => caps.addressFields[part] !== 'unsupported');
    expect(plan.changes).toEqual(changed.map((part) => ({ field: [kind, part], from: stored![part], to: target![part] })));
    expect(plan.write).toEqual({ [kind]: target });
  });
});

describe('address parts × backend × set / clear / unchanged, from the capabilities', () => {
  const rows = BACKENDS.flatMap(({ backend, caps }) =>
    ADDRESS_KINDS.flatMap((kind) =>
      ADDRESS_FIELDS.flatMap((part) =>
        // The input's country is never null (AddressInput.country is String!).
        MODES.filter((mode) => !(part === 'countryCode' && mode === 'clear')).map((mode) => ({
          backend,
          kind,
          part,
          mode,
          support: caps.addressFields[part],
        })),
      ),
    ),
  );

  it.each(rows)('$backend $kind $part $mode ($support)', ({ backend, kind, part, mode }) => {
    const { source, caps } = capsOf(backend);
    const current = STORED[backend];
    const stored = current[kind];
    const value = mode === 'set' ? NEW_PARTS[part] : mode === 'clear' ? null : (stored?.[part] ?? null);
    const country = part === 'countryCode' ? value! : (stored?.countryCode ?? 'SE');
    const patch: CustomerPatch = { [kind]: { country, [addressInputKey(part)]: value } };

    const errors = checkPatch(patch, caps, source);
    const wholeRefusal = expectedRefusal(caps.fields[kind], patch[kind]);
    if (wholeRefusal) {
      expect(errors).toEqual([errorAt([kind], wholeRefusal)]);
      return;
    }
    const refusal = expectedRefusal(caps.addressFields[part], value);
    if (refusal) {
      expect(errors).toEqual([errorAt([kind, addressInputKey(part)], refusal)]);
      return;
    }
    expect(errors).toEqual([]);
    const plan = planned(current, patch, caps);
    // Merged: every part left out keeps its stored value.
    const merged = { ...stored!, [part]: value };
    expect(plan.target[kind]).toEqual(merged);
    if (mode === 'unchanged') {
      expect(plan.changes).toEqual([]);
      expect(plan.write).toEqual({});
      return;
    }
    expect(plan.changes).toEqual([{ field: [kind, part], from: stored![part], to: value }]);
    expect(changeInputField(plan.changes[0]!.field)).toEqual([kind, addressInputKey(part)]);
    // The address is written whole.
    expect(plan.write).toEqual({ [kind]: merged });
  });
});

describe('REQUIRED address parts, once merged', () => {
  const rows = BACKENDS.flatMap(({ backend, caps }) =>
    caps.fields.billingAddress === 'unsupported'
      ? []
      : ADDRESS_KINDS.flatMap((kind) =>
          ADDRESS_FIELDS.filter((part) => caps.addressFields[part] === 'required' && part !== 'countryCode').map((missing) => ({
            backend,
            kind,
            missing,
          })),
        ),
  );

  it.each(rows)('$backend: no stored $kind and no $missing → REQUIRED', ({ backend, kind, missing }) => {
    const { source, caps } = capsOf(backend);
    const current = { ...STORED[backend], [kind]: null };
    const given = ADDRESS_FIELDS.filter((part) => caps.addressFields[part] === 'required' && part !== missing && part !== 'countryCode');
    const patch: CustomerPatch = { [kind]: { ...pick(NEW_PARTS, given), country: NEW_PARTS.countryCode! } };

    expect(checkPatch(patch, caps, source)).toEqual([]);
    expect(refused(current, patch, caps)).toEqual([errorAt([kind, addressInputKey(missing)], 'REQUIRED')]);
  });

  it('FlexPortal: a new address needs contactName, line1 and city (country is always given)', () => {
    const current = { ...STORED.FLEXPORTAL, shippingAddress: null };
    const errors = refused(current, { shippingAddress: { country: 'NO', city: 'Oslo' } }, flexportal);
    expect(errors).toEqual([errorAt(['shippingAddress', 'contactName'], 'REQUIRED'), errorAt(['shippingAddress', 'line1'], 'REQUIRED')]);
  });

  it('FlexPortal: the stored address supplies the required parts the update leaves out', () => {
    const plan = planned(STORED.FLEXPORTAL, { billingAddress: { country: 'NO', city: 'Oslo' } }, flexportal);
    expect(plan.write).toEqual({ billingAddress: { ...STORED.FLEXPORTAL.billingAddress, countryCode: 'NO', city: 'Oslo' } });
    expect(plan.changes).toEqual([
      { field: ['billingAddress', 'city'], from: 'Uppsala', to: 'Oslo' },
      { field: ['billingAddress', 'countryCode'], from: 'SE', to: 'NO' },
    ]);
  });

  it('FlexPortal: clearing an optional part keeps the rest and writes the whole address', () => {
    const plan = planned(STORED.FLEXPORTAL, { shippingAddress: { country: 'SE', line2: null } }, flexportal);
    expect(plan.changes).toEqual([{ field: ['shippingAddress', 'line2'], from: 'Lgh 1102', to: null }]);
    expect(plan.write.shippingAddress).toMatchObject({ contactName: 'Front desk', line1: 'Kungsgatan 1', line2: null, city: 'Uppsala' });
  });
});

describe('status × backend, from the capabilities', () => {
  const rows = BACKENDS.flatMap(({ backend, caps }) =>
    caps.statuses.flatMap((stored) => [...CUSTOMER_STATUSES, null].map((requested) => ({ backend, stored, requested: requested as CustomerStatus | null }))),
  );

  it.each(rows)('$backend: $stored → $requested', ({ backend, stored, requested }) => {
    const { source, caps } = capsOf(backend);
    const current: Customer = { ...STORED[backend], status: stored };
    const patch: CustomerPatch = { status: requested };
    const errors = checkPatch(patch, caps, source);

    if (requested === null) {
      expect(errors).toEqual([errorAt(['status'], 'CANNOT_CLEAR')]);
      return;
    }
    if (!caps.statuses.includes(requested)) {
      expect(errors).toEqual([errorAt(['status'], 'UNSUPPORTED_FIELD')]);
      return;
    }
    expect(errors).toEqual([]);
    if (caps.finalStatuses.includes(stored) && requested !== stored) {
      expect(refused(current, patch, caps)).toEqual([
        { field: ['input', 'status'], code: 'INVALID', message: `The customer is ${stored}, and that cannot be undone.` },
      ]);
      return;
    }
    const plan = planned(current, patch, caps);
    // Status goes through its own route, never through the field write.
    expect(plan.write).toEqual({});
    if (requested === stored) {
      expect(plan.changes).toEqual([]);
      expect(plan.status).toBeNull();
    } else {
      expect(plan.changes).toEqual([{ field: ['status'], from: stored, to: requested }]);
      expect(plan.status).toBe(requested);
    }
  });
});

describe('pinned by hand (the table "What each backend can store" in docs/api.md)', () => {
  const se = (parts: Partial<AddressPatch>): AddressPatch => ({ country: 'SE', ...parts });
  const rows: [BackendKind, CustomerPatch, [string[], UserErrorCode][]][] = [
    ['FLOWGLAD', { email: null }, [[['email'], 'CANNOT_CLEAR']]],
    ['FLOWGLAD', { name: null }, [[['name'], 'CANNOT_CLEAR']]],
    ['FLOWGLAD', { firstName: null }, [[['firstName'], 'CANNOT_CLEAR']]],
    ['FLOWGLAD', { logoUrl: null, iconUrl: null, domain: null }, []],
    ['FLOWGLAD', { company: 'Acme' }, [[['company'], 'UNSUPPORTED_FIELD']]],
    ['FLOWGLAD', { phone: '+46701234567' }, [[['phone'], 'UNSUPPORTED_FIELD']]],
    ['FLOWGLAD', { customerType: 'BUSINESS' }, [[['customerType'], 'UNSUPPORTED_FIELD']]],
    ['FLOWGLAD', { billingAddress: se({ city: 'Oslo' }) }, [[['billingAddress'], 'UNSUPPORTED_FIELD']]],
    ['FLOWGLAD', { shippingAddress: null }, [[['shippingAddress'], 'UNSUPPORTED_FIELD']]],
    ['FLOWGLAD', { status: 'INACTIVE' }, [[['status'], 'UNSUPPORTED_FIELD']]],
    ['FLOWGLAD', { status: 'ARCHIVED' }, []],
    ['FLEXPORTAL', { email: null }, [[['email'], 'CANNOT_CLEAR']]],
    ['FLEXPORTAL', { name: null }, [[['name'], 'CANNOT_CLEAR']]],
    ['FLEXPORTAL', { lastName: null }, [[['lastName'], 'CANNOT_CLEAR']]],
    ['FLEXPORTAL', { company: null, phone: null }, []],
    ['FLEXPORTAL', { customerType: null }, [[['customerType'], 'CANNOT_CLEAR']]],
    ['FLEXPORTAL', { logoUrl: 'https://example.com/logo.png' }, [[['logoUrl'], 'UNSUPPORTED_FIELD']]],
    ['FLEXPORTAL', { iconUrl: null }, [[['iconUrl'], 'UNSUPPORTED_FIELD']]],
    ['FLEXPORTAL', { domain: 'example.com' }, [[['domain'], 'UNSUPPORTED_FIELD']]],
    ['FLEXPORTAL', { billingAddress: null }, [[['billingAddress'], 'CANNOT_CLEAR']]],
    ['FLEXPORTAL', { status: 'ARCHIVED' }, [[['status'], 'UNSUPPORTED_FIELD']]],
    ['FLEXPORTAL', { status: 'INACTIVE' }, []],
    [
      'FLEXPORTAL',
      { billingAddress: se({ contactName: null, line1: null, city: null }) },
      [
        [['billingAddress', 'contactName'], 'CANNOT_CLEAR'],
        [['billingAddress', 'line1'], 'CANNOT_CLEAR'],
        [['billingAddress', 'city'], 'CANNOT_CLEAR'],
      ],
    ],
    ['FLEXPORTAL', { billingAddress: se({ company: null, line2: null, locality: null, region: null, postalCode: null }) }, []],
  ];

  it.each(rows)('%s %j', (backend, patch, expected) => {
    const { source, caps } = capsOf(backend);
    expect(checkPatch(patch, caps, source)).toEqual(expected.map(([path, code]) => errorAt(path, code)));
  });

  it('reports every problem of one patch at once', () => {
    const patch: CustomerPatch = { email: null, company: 'Acme', status: 'INACTIVE', shippingAddress: se({ city: 'Oslo' }) };
    expect(checkPatch(patch, flowglad, 'flowglad')).toEqual([
      errorAt(['email'], 'CANNOT_CLEAR'),
      errorAt(['company'], 'UNSUPPORTED_FIELD'),
      errorAt(['status'], 'UNSUPPORTED_FIELD'),
      errorAt(['shippingAddress'], 'UNSUPPORTED_FIELD'),
    ]);
  });

  it('names the backend and what to do in the message', () => {
    const [error] = checkPatch({ logoUrl: 'https://example.com/logo.png' }, flexportal, 'flexportal-us');
    expect(error?.message).toBe("logoUrl cannot be stored by this customer's backend (flexportal-us); leave it out.");
  });
});

describe('the name rule ("The name rule" in docs/api.md)', () => {
  describe('FlexPortal keeps first and last name apart', () => {
    it('splits a two-word name into firstName and lastName, and writes those', () => {
      const plan = planned(STORED.FLEXPORTAL, { name: 'Grace Hopper' }, flexportal);
      expect(plan.write).toEqual({ firstName: 'Grace', lastName: 'Hopper' });
      expect(plan.changes).toEqual([
        { field: ['name'], from: 'Ada Lovelace', to: 'Grace Hopper' },
        { field: ['firstName'], from: 'Ada', to: 'Grace' },
        { field: ['lastName'], from: 'Lovelace', to: 'Hopper' },
      ]);
    });

    it.each(['Grace', 'Grace Brewster Hopper'])('refuses %j (not exactly two words) before any read', (name) => {
      expect(checkPatch({ name }, flexportal, 'flexportal')).toEqual([
        { field: ['input', 'name'], code: 'UNSUPPORTED_FIELD', message: expect.stringContaining('send firstName and lastName instead') },
      ]);
    });

    it('writes one half alone and reads the name as both joined', () => {
      const plan = planned(STORED.FLEXPORTAL, { lastName: 'Byron' }, flexportal);
      expect(plan.write).toEqual({ lastName: 'Byron' });
      expect(plan.target).toMatchObject({ name: 'Ada Byron', firstName: 'Ada', lastName: 'Byron' });
    });
  });

  describe('Flowglad keeps one name', () => {
    it('joins firstName and lastName into name, and writes only name', () => {
      const current = { ...STORED.FLOWGLAD, name: 'Ada King Lovelace', firstName: null, lastName: null };
      const plan = planned(current, { firstName: 'Grace', lastName: 'Hopper' }, flowglad);
      expect(plan.write).toEqual({ name: 'Grace Hopper' });
      expect(plan.changes).toEqual([
        { field: ['name'], from: 'Ada King Lovelace', to: 'Grace Hopper' },
        { field: ['firstName'], from: null, to: 'Grace' },
        { field: ['lastName'], from: null, to: 'Hopper' },
      ]);
    });

    it('replaces one half of a two-word stored name', () => {
      const plan = planned(STORED.FLOWGLAD, { lastName: 'Byron' }, flowglad);
      expect(plan.write).toEqual({ name: 'Ada Byron' });
      expect(plan.changes).toEqual([
        { field: ['name'], from: 'Ada Lovelace', to: 'Ada Byron' },
        { field: ['lastName'], from: 'Lovelace', to: 'Byron' },
      ]);
    });

    it.each([
      ['Cher', { firstName: 'Grace' }, 'firstName'],
      ['Ada King Lovelace', { lastName: 'Byron' }, 'lastName'],
    ] as const)('refuses one half when the stored name %j is not two words', (name, patch, field) => {
      const current = { ...STORED.FLOWGLAD, name, firstName: null, lastName: null };
      expect(checkPatch(patch, flowglad, 'flowglad')).toEqual([]);
      expect(refused(current, patch, flowglad)).toEqual([
        {
          field: ['input', field],
          code: 'UNSUPPORTED_FIELD',
          message: expect.stringContaining(`the stored name "${name}" does not split into exactly two words`),
        },
      ]);
    });

    it('takes any name as it is, and reads first/last name only from two words', () => {
      const plan = planned(STORED.FLOWGLAD, { name: 'Grace Brewster Hopper' }, flowglad);
      expect(plan.write).toEqual({ name: 'Grace Brewster Hopper' });
      expect(plan.target).toMatchObject({ firstName: null, lastName: null });
    });

    // Bug: "Mary Ann" + "Lovelace" is joined into a three-word name, which reads back with
    // firstName and lastName null; the plan reports both as changed to null (lastName was not
    // even sent) instead of refusing the ambiguous join as the contract asks.
    it('refuses a half that would make the joined name ambiguous', () => {
      const errors = checkPatch({ firstName: 'Mary Ann' }, flowglad, 'flowglad');
      const result = planUpdate(STORED.FLOWGLAD, { firstName: 'Mary Ann' }, flowglad);
      expect([...errors, ...('errors' in result ? result.errors : [])]).toContainEqual(
        expect.objectContaining({ field: ['input', 'firstName'], code: 'UNSUPPORTED_FIELD' }),
      );
    });
  });

  it.each(BACKENDS)('$backend: name together with firstName/lastName is INVALID', ({ source, caps }) => {
    expect(checkPatch({ name: 'Grace Hopper', lastName: 'Hopper' }, caps, source)).toEqual([
      { field: ['input', 'name'], code: 'INVALID', message: 'Give either name or firstName/lastName, not both.' },
    ]);
  });
});

describe('diff', () => {
  const base = STORED.FLEXPORTAL;

  it('is empty between equal customers', () => {
    expect(diff(base, structuredClone(base))).toEqual([]);
  });

  it('lists scalar fields in their order, then status, then address parts', () => {
    const after: CustomerFields = {
      ...base,
      phone: null,
      email: 'grace@example.com',
      status: 'INACTIVE',
      shippingAddress: { ...base.shippingAddress!, postalCode: null, city: 'Oslo' },
      billingAddress: { ...base.billingAddress!, countryCode: 'NO' },
    };
    expect(diff(base, after)).toEqual([
      { field: ['email'], from: 'ada@example.com', to: 'grace@example.com' },
      { field: ['phone'], from: '+46701234567', to: null },
      { field: ['status'], from: 'ACTIVE', to: 'INACTIVE' },
      { field: ['billingAddress', 'countryCode'], from: 'SE', to: 'NO' },
      { field: ['shippingAddress', 'city'], from: 'Uppsala', to: 'Oslo' },
      { field: ['shippingAddress', 'postalCode'], from: '753 20', to: null },
    ]);
  });

  it('treats a missing address as one with every part empty', () => {
    expect(diff({ ...base, billingAddress: null }, { ...base, billingAddress: emptyAddress() })).toEqual([]);
    expect(diff({ ...base, billingAddress: null }, { ...base, billingAddress: { ...emptyAddress(), city: 'Oslo' } })).toEqual([
      { field: ['billingAddress', 'city'], from: null, to: 'Oslo' },
    ]);
  });
});

describe('planning without a read', () => {
  const se = (parts: Partial<AddressPatch>): AddressPatch => ({ country: 'SE', ...parts });
  /** Every part FlexPortal stores, given. */
  const whole: AddressPatch = addressInput(NEW_PARTS, flexportal);
  const wholeStored = storedParts(NEW_PARTS, flexportal);
  const wholeChecked = (kind: AddressKind): FieldWrite[] =>
    ADDRESS_FIELDS.filter((part) => flexportal.addressFields[part] !== 'unsupported').map((part) => ({ field: [kind, part], to: wholeStored[part] }));

  const rows: [BackendKind, CustomerPatch, InputReadReason[]][] = [
    ['FLOWGLAD', { email: 'grace@example.com' }, []],
    ['FLOWGLAD', { logoUrl: null, domain: 'navy.example' }, []],
    ['FLOWGLAD', { name: 'Grace Hopper' }, []],
    ['FLOWGLAD', { firstName: 'Grace', lastName: 'Hopper' }, []],
    ['FLOWGLAD', { firstName: 'Grace' }, ['halfName']],
    ['FLOWGLAD', { lastName: 'Hopper', email: 'grace@example.com' }, ['halfName']],
    ['FLOWGLAD', { status: 'ARCHIVED' }, ['oneWayStatus']],
    ['FLOWGLAD', { status: 'ACTIVE' }, ['oneWayStatus']],
    ['FLOWGLAD', {}, ['nothingToWrite']],
    ['FLEXPORTAL', { company: 'US Navy', phone: null }, []],
    ['FLEXPORTAL', { name: 'Grace Hopper' }, []],
    ['FLEXPORTAL', { firstName: 'Grace' }, []],
    ['FLEXPORTAL', { status: 'INACTIVE' }, []],
    ['FLEXPORTAL', { billingAddress: whole }, []],
    ['FLEXPORTAL', { billingAddress: { ...whole, line2: null, region: null } }, []],
    ['FLEXPORTAL', { billingAddress: se({ city: 'Oslo' }) }, ['addressMerge']],
    ['FLEXPORTAL', { shippingAddress: { ...whole, postalCode: undefined } }, ['addressMerge']],
    ['FLEXPORTAL', { billingAddress: whole, shippingAddress: se({ line2: null }), customerType: 'BUSINESS' }, ['addressMerge']],
    ['FLEXPORTAL', {}, ['nothingToWrite']],
    ['FLEXPORTAL', { email: undefined }, ['nothingToWrite']],
  ];

  it.each(rows)('%s %j needs a read for %j', (backend, patch, reasons) => {
    const { source, caps } = capsOf(backend);
    expect(checkPatch(patch, caps, source)).toEqual([]);
    expect(inputReadReasons(patch, caps)).toEqual(reasons);
  });

  /** The name fields a plan expects the answer to show. */
  const nameFields = (name: string, firstName: string | null, lastName: string | null): FieldWrite[] => [
    { field: ['name'], to: name },
    { field: ['firstName'], to: firstName },
    { field: ['lastName'], to: lastName },
  ];

  const plans: [string, BackendKind, CustomerPatch, WritePlan][] = [
    [
      'sends every given value, and expects each back',
      'FLOWGLAD',
      { email: 'grace@example.com', logoUrl: null, userId: 'user_grace' },
      {
        write: { email: 'grace@example.com', logoUrl: null, userId: 'user_grace' },
        status: null,
        changes: [
          { field: ['email'], to: 'grace@example.com' },
          { field: ['logoUrl'], to: null },
          { field: ['userId'], to: 'user_grace' },
        ],
      },
    ],
    [
      'Flowglad: writes name, expects the halves it reads back as',
      'FLOWGLAD',
      { name: 'Grace Hopper' },
      { write: { name: 'Grace Hopper' }, status: null, changes: nameFields('Grace Hopper', 'Grace', 'Hopper') },
    ],
    [
      'Flowglad: a name of three words reads back with no halves',
      'FLOWGLAD',
      { name: 'Grace Brewster Hopper' },
      { write: { name: 'Grace Brewster Hopper' }, status: null, changes: nameFields('Grace Brewster Hopper', null, null) },
    ],
    [
      'Flowglad: both halves are joined into name',
      'FLOWGLAD',
      { firstName: 'Grace', lastName: 'Hopper' },
      { write: { name: 'Grace Hopper' }, status: null, changes: nameFields('Grace Hopper', 'Grace', 'Hopper') },
    ],
    [
      'FlexPortal: a two-word name is split, and both halves written',
      'FLEXPORTAL',
      { name: 'Grace Hopper' },
      { write: { firstName: 'Grace', lastName: 'Hopper' }, status: null, changes: nameFields('Grace Hopper', 'Grace', 'Hopper') },
    ],
    [
      'FlexPortal: one half is written alone; the joined name depends on the stored other half, so it is not expected',
      'FLEXPORTAL',
      { lastName: 'Hopper' },
      { write: { lastName: 'Hopper' }, status: null, changes: [{ field: ['lastName'], to: 'Hopper' }] },
    ],
    [
      'FlexPortal: a status goes through its own step, not the field write',
      'FLEXPORTAL',
      { status: 'INACTIVE', company: null },
      {
        write: { company: null },
        status: 'INACTIVE',
        changes: [
          { field: ['company'], to: null },
          { field: ['status'], to: 'INACTIVE' },
        ],
      },
    ],
    [
      'FlexPortal: a whole address replaces the stored one, and every stored part is expected back',
      'FLEXPORTAL',
      { shippingAddress: whole },
      { write: { shippingAddress: { ...emptyAddress(), ...wholeStored } }, status: null, changes: wholeChecked('shippingAddress') },
    ],
    [
      'FlexPortal: a whole address with optional parts cleared',
      'FLEXPORTAL',
      { billingAddress: { ...whole, line2: null, locality: null } },
      {
        write: { billingAddress: { ...wholeStored, line2: null, locality: null } },
        status: null,
        changes: wholeChecked('billingAddress').map((change) =>
          change.field[1] === 'line2' || change.field[1] === 'locality' ? { ...change, to: null } : change,
        ),
      },
    ],
  ];

  it.each(plans)('%s', (_label, backend, patch, expected) => {
    const { source, caps } = capsOf(backend);
    expect(checkPatch(patch, caps, source)).toEqual([]);
    expect(inputReadReasons(patch, caps)).toEqual([]);
    expect(planWithoutRead(patch, caps)).toEqual(expected);
  });

  it.each(BACKENDS)('$backend: every stored scalar field is sent as given, unchanged values too', ({ backend, caps }) => {
    for (const field of SCALAR_FIELDS.filter((f) => stores(caps.fields[f]) && !isNameField(f))) {
      const value = STORED[backend][field];
      const plan = planWithoutRead({ [field]: value }, caps);
      expect(plan.write, field).toEqual({ [field]: value });
      expect(plan.changes, field).toEqual([{ field: [field], to: value }]);
    }
  });

  it.each(BACKENDS)('$backend: the one name rule gives the same names with and without a read', ({ backend, source, caps }) => {
    const inputs: CustomerPatch[] = [
      { name: 'Grace Hopper' },
      { name: 'Grace Brewster Hopper' },
      { name: 'Grace' },
      { firstName: 'Grace', lastName: 'Hopper' },
      { firstName: 'Grace' },
      { lastName: 'Hopper' },
    ];
    const plannable = inputs.filter((patch) => checkPatch(patch, caps, source).length === 0 && inputReadReasons(patch, caps).length === 0);
    expect(plannable.length).toBeGreaterThanOrEqual(3);
    for (const patch of plannable) {
      const target = planned(STORED[backend], patch, caps).target;
      const names = planWithoutRead(patch, caps).changes.filter(({ field }) => isNameField(field[0] as ScalarField));
      expect(names.length, JSON.stringify(patch)).toBeGreaterThan(0);
      for (const { field, to } of names) expect(target[field[0] as ScalarField], `${JSON.stringify(patch)} ${field[0]}`).toEqual(to);
    }
  });

  it('agrees with the planner after a read on what a customer looks like afterwards', () => {
    for (const { backend, caps } of BACKENDS) {
      for (const [, rowBackend, patch] of plans.filter(([, b]) => b === backend)) {
        const direct = planWithoutRead(patch, caps);
        const read = planned(STORED[rowBackend], patch, caps);
        for (const { field, to } of direct.changes) {
          const [head, part] = field;
          const target = Object.entries(read.target).find(([key]) => key === head)?.[1];
          expect(part === undefined ? target : Object.entries(target ?? {}).find(([key]) => key === part)?.[1], field.join('.')).toEqual(to);
        }
      }
    }
  });
});
