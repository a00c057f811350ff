// Flowglad record ⇄ normalized customer.
import { countryCode } from '../../customers/countries.js';
import { splitName, type Address, type Customer } from '../../customers/model.js';
import type { BackendCapabilities, CustomerWrite } from '../../customers/backend.js';
import type { FlowgladCustomer, FlowgladUpdate } from './wire.js';

export const capabilities: BackendCapabilities = {
  fields: {
    email: 'required',
    name: 'required',
    firstName: 'derived',
    lastName: 'derived',
    company: 'unsupported',
    phone: 'unsupported',
    customerType: 'unsupported',
    logoUrl: 'clearable',
    iconUrl: 'clearable',
    domain: 'clearable',
    userId: 'clearable',
    // Flowglad keeps a billing address but it is read-only over the API.
    billingAddress: 'unsupported',
    shippingAddress: 'unsupported',
  },
  addressFields: {
    contactName: 'unsupported',
    firstName: 'unsupported',
    lastName: 'unsupported',
    company: 'unsupported',
    line1: 'unsupported',
    line2: 'unsupported',
    locality: 'unsupported',
    city: 'unsupported',
    region: 'unsupported',
    postalCode: 'unsupported',
    countryCode: 'unsupported',
    phone: 'unsupported',
    email: 'unsupported',
  },
  statuses: ['ACTIVE', 'ARCHIVED'],
  finalStatuses: ['ARCHIVED'],
  // Archived customers answer 404 to every read.
  hiddenStatuses: ['ARCHIVED'],
  // Its list takes only a cursor and a limit.
  filters: [],
};

/** Normalized field name → Flowglad wire key, for the fields Flowglad stores. */
export const WIRE_KEYS = {
  email: 'email',
  name: 'name',
  logoUrl: 'logoURL',
  iconUrl: 'iconURL',
  domain: 'domain',
  userId: 'userId',
} as const;

export function toCustomer(source: string, wire: FlowgladCustomer): Customer {
  const names = splitName(wire.name);
  return {
    source,
    backend: 'FLOWGLAD',
    externalId: wire.externalId,
    email: wire.email,
    name: wire.name,
    firstName: names?.firstName ?? null,
    lastName: names?.lastName ?? null,
    company: null,
    phone: null,
    customerType: null,
    logoUrl: wire.logoURL,
    iconUrl: wire.iconURL,
    domain: wire.domain,
    userId: wire.userId,
    status: wire.archived ? 'ARCHIVED' : 'ACTIVE',
    billingAddress: wire.billingAddress ? toAddress(wire.billingAddress) : null,
    shippingAddress: null,
    livemode: wire.livemode,
    createdAt: wire.createdAt,
    updatedAt: wire.updatedAt,
    flowglad: {
      organizationId: wire.organizationId,
      invoiceNumberBase: wire.invoiceNumberBase,
      // Older revisions name the pricing model a catalog.
      pricingModelId: wire.pricingModelId ?? wire.catalogId ?? null,
    },
    flexportal: null,
  };
}

function toAddress(wire: NonNullable<FlowgladCustomer['billingAddress']>): Address {
  return {
    contactName: wire.name ?? wire.address.name,
    firstName: wire.firstName,
    lastName: wire.lastName,
    company: null,
    line1: wire.address.line1,
    line2: wire.address.line2,
    locality: null,
    city: wire.address.city,
    region: wire.address.state,
    postalCode: wire.address.postal_code,
    countryCode: countryCode(wire.address.country),
    phone: wire.phone,
    email: wire.email,
  };
}

export function toWireUpdate(write: CustomerWrite): FlowgladUpdate {
  const body: FlowgladUpdate = {};
  if (write.email) body.email = write.email;
  if (write.name) body.name = write.name;
  if (write.logoUrl !== undefined) body.logoURL = write.logoUrl;
  if (write.iconUrl !== undefined) body.iconURL = write.iconUrl;
  if (write.domain !== undefined) body.domain = write.domain;
  if (write.userId !== undefined) body.userId = write.userId;
  return body;
}

/** A path in Flowglad's zod issues (["customer","logoURL"]) → normalized path. */
export function toFieldPath(wirePath: (string | number)[]): string[] | null {
  const key = wirePath[0] === 'customer' ? wirePath[1] : wirePath[0];
  const entry = Object.entries(WIRE_KEYS).find(([, wireKey]) => wireKey === key);
  return entry ? [entry[0]] : null;
}
