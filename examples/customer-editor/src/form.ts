// The editor form: built from the fields the API can change, filled from a customer, read back
// as an update that sends only what the person changed, and marked with userErrors by path.
import type { AddressInput, CustomerStatus, CustomerType, EditableCustomerFragment, UpdateCustomerInput } from './gql/graphql.js';

export type Customer = EditableCustomerFragment;
type Address = NonNullable<Customer['billingAddress']>;
type Control = HTMLInputElement | HTMLSelectElement;

const TEXT_FIELDS = [
  ['email', 'Email'],
  ['name', 'Name'],
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['company', 'Company'],
  ['phone', 'Phone'],
  ['logoUrl', 'Logo URL'],
  ['iconUrl', 'Icon URL'],
  ['domain', 'Domain'],
] as const satisfies readonly (readonly [keyof Customer & keyof UpdateCustomerInput, string])[];

// `country` is apart: AddressInput requires it, and Address reads it back as `countryCode`.
const ADDRESS_PARTS = [
  ['contactName', 'Contact name'],
  ['company', 'Company'],
  ['line1', 'Line 1'],
  ['line2', 'Line 2'],
  ['locality', 'Locality'],
  ['city', 'City'],
  ['region', 'Region'],
  ['postalCode', 'Postal code'],
] as const satisfies readonly (readonly [keyof Address & keyof AddressInput, string])[];

const ADDRESSES = [
  ['billingAddress', 'Billing address'],
  ['shippingAddress', 'Shipping address'],
] as const;

const CUSTOMER_TYPES: readonly CustomerType[] = ['INDIVIDUAL', 'BUSINESS'];
const STATUSES: readonly CustomerStatus[] = ['ACTIVE', 'INACTIVE', 'ARCHIVED'];

/** One labelled control with its error slot beside it; `name` is the field's path in the input. */
function field(name: string, label: string, control: Control): HTMLElement {
  const wrapper = document.createElement('div');
  wrapper.className = 'field';
  const caption = document.createElement('label');
  caption.htmlFor = control.id = `field-${name}`;
  caption.textContent = label;
  const error = document.createElement('p');
  error.className = 'error';
  error.id = `error-${name}`;
  error.hidden = true;
  control.name = name;
  control.setAttribute('aria-describedby', error.id);
  wrapper.append(caption, control, error);
  return wrapper;
}

const text = () => Object.assign(document.createElement('input'), { type: 'text', autocomplete: 'off' });

function select(values: readonly string[], empty?: string): HTMLSelectElement {
  const element = document.createElement('select');
  if (empty !== undefined) element.add(new Option(empty, ''));
  for (const value of values) element.add(new Option(value, value));
  return element;
}

/** Builds the controls into `fields` (once). */
export function buildForm(fields: HTMLElement): void {
  for (const [name, label] of TEXT_FIELDS) fields.append(field(name, label, text()));
  fields.append(field('customerType', 'Customer type', select(CUSTOMER_TYPES, '—')), field('status', 'Status', select(STATUSES)));
  for (const [which, legend] of ADDRESSES) {
    const set = document.createElement('fieldset');
    set.append(Object.assign(document.createElement('legend'), { textContent: legend }));
    for (const [part, label] of ADDRESS_PARTS) set.append(field(`${which}.${part}`, label, text()));
    set.append(field(`${which}.country`, 'Country (code or name)', text()));
    fields.append(set);
  }
}

function control(form: HTMLFormElement, name: string): Control {
  const element = form.elements.namedItem(name);
  if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) return element;
  throw new Error(`The form has no control ${name}.`);
}

/** The control's value; an emptied field is null (clear it). */
const entered = (form: HTMLFormElement, name: string): string | null => control(form, name).value || null;

/** Shows `customer`'s stored values in the form. */
export function fill(form: HTMLFormElement, customer: Customer): void {
  for (const [name] of TEXT_FIELDS) control(form, name).value = customer[name] ?? '';
  control(form, 'customerType').value = customer.customerType ?? '';
  control(form, 'status').value = customer.status;
  for (const [which] of ADDRESSES) {
    const address = customer[which];
    for (const [part] of ADDRESS_PARTS) control(form, `${which}.${part}`).value = address?.[part] ?? '';
    control(form, `${which}.country`).value = address?.countryCode ?? '';
  }
}

/**
 * The update the form asks for against `customer` as loaded: only the fields the person changed
 * (the API's updates are partial), an address with its changed parts and its country, and
 * `expectedUpdatedAt` so that a change made meanwhile by anyone else is a CONFLICT, not lost.
 */
export function readInput(form: HTMLFormElement, customer: Customer): UpdateCustomerInput {
  const input: UpdateCustomerInput = { id: customer.id, expectedUpdatedAt: customer.updatedAt };
  for (const [name] of TEXT_FIELDS) {
    const value = entered(form, name);
    if (value !== customer[name]) input[name] = value;
  }
  const customerType = CUSTOMER_TYPES.find((type) => type === entered(form, 'customerType')) ?? null;
  if (customerType !== customer.customerType) input.customerType = customerType;
  const status = STATUSES.find((state) => state === entered(form, 'status'));
  if (status && status !== customer.status) input.status = status;
  for (const [which] of ADDRESSES) {
    const stored = customer[which];
    const country = entered(form, `${which}.country`);
    const address: AddressInput = { country: country ?? '' };
    let changed = country !== (stored?.countryCode ?? null);
    for (const [part] of ADDRESS_PARTS) {
      const value = entered(form, `${which}.${part}`);
      if (value !== (stored?.[part] ?? null)) {
        address[part] = value;
        changed = true;
      }
    }
    if (changed) input[which] = address;
  }
  return input;
}

/** What differs between two versions of a customer, field by field, labelled as in the form: `Company: "A" → "B"`. */
export function differences(before: Customer, after: Customer): string[] {
  const said = (value: string | null | undefined) => (value ? JSON.stringify(value) : 'nothing');
  const lines: string[] = [];
  const compare = (label: string, from: string | null | undefined, to: string | null | undefined) => {
    if ((from ?? null) !== (to ?? null)) lines.push(`${label}: ${said(from)} → ${said(to)}`);
  };
  for (const [name, label] of TEXT_FIELDS) compare(label, before[name], after[name]);
  compare('Customer type', before.customerType, after.customerType);
  compare('Status', before.status, after.status);
  for (const [which, legend] of ADDRESSES) {
    for (const [part, label] of ADDRESS_PARTS) compare(`${legend}, ${label.toLowerCase()}`, before[which]?.[part], after[which]?.[part]);
    compare(`${legend}, country`, before[which]?.countryCode, after[which]?.countryCode);
  }
  return lines;
}

/** Whether `input` changes anything beyond naming the customer. */
export const changesSomething = (input: UpdateCustomerInput): boolean => Object.keys(input).some((key) => key !== 'id' && key !== 'expectedUpdatedAt');

export function clearErrors(form: HTMLFormElement): void {
  for (const error of form.querySelectorAll<HTMLElement>('.field .error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const element of form.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
}

/**
 * Puts each error beside the control its `field` path names (["input","billingAddress","city"]
 * → billingAddress.city) and answers the errors that name no control here.
 */
export function showErrors<E extends { field?: readonly string[] | null; message: string }>(form: HTMLFormElement, errors: readonly E[]): E[] {
  const elsewhere: E[] = [];
  for (const error of errors) {
    const name = error.field?.[0] === 'input' ? error.field.slice(1).join('.') : '';
    const element = name ? form.elements.namedItem(name) : null;
    const slot = name ? document.getElementById(`error-${name}`) : null;
    if (!(element instanceof HTMLElement) || !slot) {
      elsewhere.push(error);
      continue;
    }
    element.setAttribute('aria-invalid', 'true');
    slot.textContent = slot.textContent ? `${slot.textContent} ${error.message}` : error.message;
    slot.hidden = false;
  }
  return elsewhere;
}
