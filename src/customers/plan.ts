// Planning an update: which fields may be written, what they become, what changes.
// Pure functions: no I/O, so dry runs and real updates share every decision.
import type { BackendCapabilities, CustomerWrite, FieldSupport } from './backend.js';
import { addressInputKey, fieldLabel } from './input-path.js';
import {
  ADDRESS_FIELDS,
  ADDRESS_KINDS,
  SCALAR_FIELDS,
  emptyAddress,
  isNameField,
  joinName,
  splitName,
  type Address,
  type AddressField,
  type AddressKind,
  WRITABLE_ADDRESS_FIELDS,
  type WritableAddressField,
  type Customer,
  type CustomerFields,
  type CustomerStatus,
  type NameField,
  type ScalarField,
} from './model.js';
import { userError, type UserError } from './user-error.js';

/** An address as the caller sends it (after validation `country` is an alpha-2 code). */
export type AddressPatch = { [K in Exclude<WritableAddressField, 'countryCode'>]?: string | null } & { country: string };

/** The validated input: a key left out is unchanged, null clears. */
export type CustomerPatch = Partial<Pick<CustomerFields, ScalarField>> & {
  status?: CustomerStatus | null;
  billingAddress?: AddressPatch | null;
  shippingAddress?: AddressPatch | null;
};

/** A field an update sets, and the value its answer must then show. */
export interface FieldWrite {
  field: string[];
  to: unknown;
}

export interface FieldChange extends FieldWrite {
  from: unknown;
}

/** What to send, and what the backend's answer must show afterwards. */
export interface WritePlan<Change extends FieldWrite = FieldWrite> {
  /** The fields the update sets (with what they held, when the customer was read). */
  changes: Change[];
  /** Stored fields to send, with their new values. */
  write: CustomerWrite;
  /** The status to set, when it is sent. */
  status: CustomerStatus | null;
}

export interface UpdatePlan extends WritePlan<FieldChange> {
  /** What the customer should look like afterwards. */
  target: CustomerFields;
}

/**
 * Why an update cannot be planned from its input alone and reads the customer first:
 * `addressMerge`: an address leaves out parts the backend stores, which keep their stored values
 * (the backend replaces an address whole); `halfName`: one half of a name the backend keeps
 * whole; `oneWayStatus`: a status on a backend with a status that cannot be undone (Flowglad's
 * archive: refused when already archived, sent through a POST that is neither idempotent nor
 * retried); `nothingToWrite`: no field given, so the customer is read to be answered.
 */
export type InputReadReason = 'addressMerge' | 'halfName' | 'oneWayStatus' | 'nothingToWrite';

const NAME_HALVES = ['firstName', 'lastName'] as const;

/** Scalar fields an input sets as given; the name fields go through the name rule instead. */
const PLAIN_FIELDS = SCALAR_FIELDS.filter((field) => !isNameField(field));

/** The parts an address input gives (left-out parts are absent). */
function addressPatchEntries(patch: AddressPatch): [AddressField, string | null][] {
  return Object.entries(patch).flatMap(([key, value]): [AddressField, string | null][] => {
    const part = ADDRESS_FIELDS.find((field) => addressInputKey(field) === key);
    return part && value !== undefined ? [[part, value]] : [];
  });
}

function supportErrors(path: string[], support: FieldSupport, value: unknown, backend: string): UserError[] {
  if (support === 'unsupported') {
    return [userError(path, 'UNSUPPORTED_FIELD', `${fieldLabel(path)} cannot be stored by this customer's backend (${backend}); leave it out.`)];
  }
  if (value === null && support !== 'clearable') {
    return [userError(path, 'CANNOT_CLEAR', `${fieldLabel(path)} cannot be emptied on this customer's backend (${backend}); give a value or leave it out.`)];
  }
  return [];
}

/** Every check that needs no stored data: run before any backend call. */
export function checkPatch(patch: CustomerPatch, caps: BackendCapabilities, backend: string): UserError[] {
  const errors: UserError[] = [];
  for (const field of SCALAR_FIELDS) {
    if (patch[field] !== undefined) errors.push(...supportErrors([field], caps.fields[field], patch[field], backend));
  }
  if (patch.name !== undefined && (patch.firstName !== undefined || patch.lastName !== undefined)) {
    errors.push(userError(['name'], 'INVALID', 'Give either name or firstName/lastName, not both.'));
  }
  if (caps.fields.name === 'derived' && typeof patch.name === 'string' && !splitName(patch.name)) {
    errors.push(
      userError(
        ['name'],
        'UNSUPPORTED_FIELD',
        `This customer's backend (${backend}) keeps first and last name apart, and "${patch.name}" does not split into exactly two words; send firstName and lastName instead.`,
      ),
    );
  }
  // A backend keeping one full name reads first and last name back only from two words.
  if (caps.fields.name !== 'derived') {
    for (const half of NAME_HALVES) {
      const value = patch[half];
      if (value && /\s/.test(value)) {
        errors.push(
          userError(
            [half],
            'UNSUPPORTED_FIELD',
            `This customer's backend (${backend}) keeps one full name, which reads back as first and last name only when each is one word; "${value}" is not: send name instead.`,
          ),
        );
      }
    }
  }
  if (patch.status === null) {
    errors.push(userError(['status'], 'CANNOT_CLEAR', 'status cannot be emptied; give a status or leave it out.'));
  } else if (patch.status !== undefined && !caps.statuses.includes(patch.status)) {
    errors.push(
      userError(
        ['status'],
        'UNSUPPORTED_FIELD',
        `status ${patch.status} is not available on this customer's backend (${backend}); it supports ${caps.statuses.join(', ')}.`,
      ),
    );
  }
  for (const kind of ADDRESS_KINDS) {
    const address = patch[kind];
    if (address === undefined) continue;
    const whole = supportErrors([kind], caps.fields[kind], address, backend);
    errors.push(...whole);
    if (whole.length > 0 || address === null) continue;
    for (const [part, value] of addressPatchEntries(address)) {
      errors.push(...supportErrors([kind, addressInputKey(part)], caps.addressFields[part], value, backend));
    }
  }
  return errors;
}

type Names = Pick<CustomerFields, NameField>;

/**
 * The name rule ("The name rule" in docs/api.md), for both plans: what the name fields become on
 * the backend, from the input and, after a read, the stored names. A backend keeping first and
 * last name splits a full name when that is unambiguous (exactly two words: checkPatch refuses
 * others); a backend keeping one full name joins both halves into it, and reads the halves back
 * only from two words. Without the stored names only what the input alone decides is set (a half
 * name on a one-name backend is planned after a read: see inputReadReasons). `missingHalf`: the
 * input gives one half and the stored name has no other half to join it with.
 */
function nameRule(
  patch: CustomerPatch,
  caps: BackendCapabilities,
  stored: Names | null,
): { names: Partial<Names> } | { missingHalf: 'firstName' | 'lastName' } {
  if (caps.fields.name === 'derived') {
    const split = typeof patch.name === 'string' ? splitName(patch.name) : null;
    const firstName = split?.firstName ?? patch.firstName ?? stored?.firstName;
    const lastName = split?.lastName ?? patch.lastName ?? stored?.lastName;
    // Without the stored names, the joined name is known only when the input gives both halves.
    const known = stored !== null || (firstName && lastName);
    return { names: known ? { name: joinName(firstName ?? null, lastName ?? null), firstName, lastName } : { firstName, lastName } };
  }
  let name = stored?.name;
  if (patch.name !== undefined) name = patch.name;
  else if (patch.firstName !== undefined || patch.lastName !== undefined) {
    const storedHalves = stored && splitName(stored.name);
    const first = patch.firstName ?? storedHalves?.firstName;
    const last = patch.lastName ?? storedHalves?.lastName;
    if (!first || !last) return { missingHalf: patch.firstName === undefined ? 'lastName' : 'firstName' };
    name = joinName(first, last);
  }
  if (name === undefined) return { names: {} };
  const split = splitName(name);
  return { names: { name, firstName: split?.firstName ?? null, lastName: split?.lastName ?? null } };
}

function mergeAddress(kind: AddressKind, current: Address | null, patch: AddressPatch, caps: BackendCapabilities) {
  const merged = { ...(current ?? emptyAddress()) };
  for (const [part, value] of addressPatchEntries(patch)) merged[part] = value;
  const missing = ADDRESS_FIELDS.filter((part) => caps.addressFields[part] === 'required' && !merged[part]);
  const errors = missing.map((part) =>
    userError(
      [kind, addressInputKey(part)],
      'REQUIRED',
      `${kind}.${addressInputKey(part)} is required: the stored ${kind} has no value for it, so the update must give one.`,
    ),
  );
  return { merged, errors };
}

function sameValue(a: unknown, b: unknown) {
  return (a ?? null) === (b ?? null);
}

/** The changes between two customers, over every field a caller can write. */
export function diff(before: CustomerFields, after: CustomerFields): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of SCALAR_FIELDS) {
    if (!sameValue(before[field], after[field])) changes.push({ field: [field], from: before[field], to: after[field] });
  }
  if (before.status !== after.status) changes.push({ field: ['status'], from: before.status, to: after.status });
  for (const kind of ADDRESS_KINDS) {
    for (const part of ADDRESS_FIELDS) {
      const from = before[kind]?.[part] ?? null;
      const to = after[kind]?.[part] ?? null;
      if (from !== to) changes.push({ field: [kind, part], from, to });
    }
  }
  return changes;
}

/** Plans an update of `current`; either user errors or the plan. */
export function planUpdate(current: Customer, patch: CustomerPatch, caps: BackendCapabilities): { errors: UserError[] } | { plan: UpdatePlan } {
  const errors: UserError[] = [];
  const target: CustomerFields = { ...current, ...given(patch, PLAIN_FIELDS) };
  const names = nameRule(patch, caps, current);
  if ('names' in names) Object.assign(target, names.names);
  else {
    errors.push(
      userError(
        [names.missingHalf],
        'UNSUPPORTED_FIELD',
        `This customer's backend (${current.source}) keeps one full name, and the stored name "${current.name ?? ''}" does not split into exactly two words; send both firstName and lastName, or name.`,
      ),
    );
  }

  if (patch.status) {
    if (caps.finalStatuses.includes(current.status) && patch.status !== current.status) {
      errors.push(userError(['status'], 'INVALID', `The customer is ${current.status}, and that cannot be undone.`));
    }
    target.status = patch.status;
  }
  for (const kind of ADDRESS_KINDS) {
    const address = patch[kind];
    if (!address) continue;
    const { merged, errors: missing } = mergeAddress(kind, current[kind], address, caps);
    errors.push(...missing);
    target[kind] = merged;
  }
  if (errors.length > 0) return { errors };

  const changes = diff(current, target);
  const changed = new Set(changes.map((change) => change.field[0]));
  const write = storedWrite(target, caps, (field) => changed.has(field));
  return { plan: { target, changes, write, status: target.status !== current.status ? target.status : null } };
}

/** The fields of `values` the backend stores itself (not derived), among those `sent` picks. */
function storedWrite(values: Partial<CustomerFields>, caps: BackendCapabilities, sent: (field: WrittenField) => boolean): CustomerWrite {
  const write: CustomerWrite = {};
  for (const field of WRITTEN_FIELDS) {
    const support = caps.fields[field];
    if (sent(field) && values[field] !== undefined && support !== 'derived' && support !== 'unsupported') copyField(write, values, field);
  }
  return write;
}

const WRITTEN_FIELDS = [...SCALAR_FIELDS, ...ADDRESS_KINDS] as const;
type WrittenField = (typeof WRITTEN_FIELDS)[number];

/** Copies one field; generic so that its value keeps the field's own type. */
function copyField<F extends WrittenField>(write: CustomerWrite, values: Partial<Pick<CustomerFields, F>>, field: F) {
  write[field] = values[field];
}

/** The fields among `fields` that `values` gives (not left out). */
function given(values: Partial<Pick<CustomerFields, ScalarField>>, fields: readonly ScalarField[]): CustomerWrite {
  const picked: CustomerWrite = {};
  for (const field of fields) if (values[field] !== undefined) copyField(picked, values, field);
  return picked;
}

/** Why this input needs the stored customer to be planned (see InputReadReason); empty when it does not. */
export function inputReadReasons(patch: CustomerPatch, caps: BackendCapabilities): InputReadReason[] {
  const reasons: InputReadReason[] = [];
  const storedParts = WRITABLE_ADDRESS_FIELDS.filter((part) => caps.addressFields[part] !== 'unsupported');
  const partial = (address: AddressPatch | null | undefined) => address && storedParts.some((part) => address[addressInputKey(part)] === undefined);
  if (ADDRESS_KINDS.some((kind) => partial(patch[kind]))) reasons.push('addressMerge');
  if (caps.fields.name !== 'derived' && (patch.firstName === undefined) !== (patch.lastName === undefined)) reasons.push('halfName');
  if (patch.status !== undefined && caps.finalStatuses.length > 0) reasons.push('oneWayStatus');
  if (Object.values(patch).every((value) => value === undefined)) reasons.push('nothingToWrite');
  return reasons;
}

/**
 * Plans an update from its input alone, for an input with no `inputReadReasons` that passed
 * `checkPatch`: every given value is sent, whether or not it is stored already, and the answer
 * must show each one (and the name fields derived from them).
 */
export function planWithoutRead(patch: CustomerPatch, caps: BackendCapabilities): WritePlan {
  const { status } = patch;
  const names = nameRule(patch, caps, null);
  // Unreachable for an input with no inputReadReasons ('halfName' sends a lone half to a read).
  if (!('names' in names)) throw new Error(`${names.missingHalf} alone needs the stored name: plan it after a read`);
  const values: Partial<CustomerFields> = { ...given(patch, PLAIN_FIELDS), ...names.names };
  for (const kind of ADDRESS_KINDS) {
    const address = patch[kind];
    if (address) values[kind] = { ...emptyAddress(), ...Object.fromEntries(addressPatchEntries(address)) };
  }
  const changes: FieldWrite[] = [];
  for (const field of SCALAR_FIELDS) {
    if (values[field] !== undefined) changes.push({ field: [field], to: values[field] });
  }
  if (status) changes.push({ field: ['status'], to: status });
  for (const kind of ADDRESS_KINDS) {
    const address = values[kind];
    if (!address) continue;
    for (const part of ADDRESS_FIELDS) {
      if (caps.addressFields[part] !== 'unsupported') changes.push({ field: [kind, part], to: address[part] });
    }
  }
  return { changes, write: storedWrite(values, caps, () => true), status: status ?? null };
}
