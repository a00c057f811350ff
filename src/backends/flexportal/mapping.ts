// FlexPortal record ⇄ normalized customer.
import { countryCode, countryName } from '../../customers/countries.js';
import { storedPhone } from '../../customers/phone.js';
import { joinName, type Address, type AddressField, type Customer, type CustomerFilter, type CustomerStatus } from '../../customers/model.js';
import type { BackendCapabilities, CustomerWrite } from '../../customers/backend.js';
import type { FlexPortalAddress, FlexPortalAddressWrite, FlexPortalCustomer, FlexPortalUpdate } from './wire.js';

export const capabilities: BackendCapabilities = {
  fields: {
    email: 'required',
    name: 'derived',
    firstName: 'required',
    lastName: 'required',
    company: 'clearable',
    phone: 'clearable',
    customerType: 'required',
    logoUrl: 'unsupported',
    iconUrl: 'unsupported',
    domain: 'unsupported',
    userId: 'unsupported',
    // Addresses come from orders; an update replaces one but the API has no way to remove it.
    billingAddress: 'required',
    shippingAddress: 'required',
  },
  addressFields: {
    contactName: 'required',
    firstName: 'unsupported',
    lastName: 'unsupported',
    company: 'clearable',
    line1: 'required',
    line2: 'clearable',
    locality: 'clearable',
    city: 'required',
    region: 'clearable',
    postalCode: 'clearable',
    countryCode: 'required',
    phone: 'unsupported',
    email: 'unsupported',
  },
  statuses: ['ACTIVE', 'INACTIVE'],
  finalStatuses: [],
  hiddenStatuses: [],
  // Its list's status, customerType and email parameters.
  filters: ['email', 'status', 'customerType'],
};

/** Normalized address part → FlexPortal wire key. */
const ADDRESS_KEYS: Partial<Record<AddressField, keyof FlexPortalAddress>> = {
  contactName: 'contactName',
  company: 'company',
  line1: 'streetAddress',
  line2: 'buildingInfo',
  locality: 'locality',
  city: 'city',
  region: 'adminArea',
  postalCode: 'postalCode',
  countryCode: 'country',
};

/** Wire keys of the scalar fields FlexPortal names in validation errors, same as the normalized names. */
const SCALAR_KEYS: ReadonlySet<string> = new Set(['email', 'firstName', 'lastName', 'company', 'phone', 'customerType', 'status']);

const CUSTOMER_TYPE = { individual: 'INDIVIDUAL', business: 'BUSINESS' } as const;
const WIRE_CUSTOMER_TYPE = { INDIVIDUAL: 'individual', BUSINESS: 'business' } as const;

export function toCustomer(source: string, wire: FlexPortalCustomer): Customer {
  return {
    source,
    backend: 'FLEXPORTAL',
    externalId: wire.customerId,
    email: wire.email,
    name: joinName(wire.firstName, wire.lastName),
    firstName: wire.firstName,
    lastName: wire.lastName,
    company: wire.company,
    phone: storedPhone(wire.phone),
    customerType: wire.customerType ? CUSTOMER_TYPE[wire.customerType] : null,
    logoUrl: null,
    iconUrl: null,
    domain: null,
    userId: null,
    status: wire.status === 'active' ? 'ACTIVE' : 'INACTIVE',
    billingAddress: wire.lastBillingAddress ? toAddress(wire.lastBillingAddress) : null,
    shippingAddress: wire.lastShippingAddress ? toAddress(wire.lastShippingAddress) : null,
    livemode: null,
    createdAt: wire.createdAt ? new Date(wire.createdAt) : null,
    updatedAt: wire.updatedAt ? new Date(wire.updatedAt) : null,
    flowglad: null,
    flexportal: {
      tenantId: wire.tenantId ?? null,
      totalOrders: wire.totalOrders ?? null,
      totalDevicesRented: wire.totalDevicesRented ?? null,
      totalMonthlyRevenue: wire.totalMonthlyRevenue ?? null,
      orderIds: wire.orderIds ?? null,
      rentalIds: wire.rentalIds ?? null,
      createdBy: wire.createdBy,
      customFields: wire.customFields ?? null,
    },
  };
}

function toAddress(wire: FlexPortalAddress): Address {
  return {
    contactName: wire.contactName,
    firstName: null,
    lastName: null,
    company: wire.company,
    line1: wire.streetAddress,
    line2: wire.buildingInfo,
    locality: wire.locality,
    city: wire.city,
    region: wire.adminArea,
    postalCode: wire.postalCode,
    countryCode: wire.country ? countryCode(wire.country) : null,
    phone: null,
    email: null,
  };
}

function toWireAddress(address: Address): FlexPortalAddressWrite {
  // The planner refuses a merged address without its required parts; an empty one would be
  // refused by FlexPortal (422), never stored.
  return {
    contactName: address.contactName ?? '',
    company: address.company,
    streetAddress: address.line1 ?? '',
    buildingInfo: address.line2,
    locality: address.locality,
    city: address.city ?? '',
    adminArea: address.region,
    postalCode: address.postalCode,
    // FlexPortal stores the country by its English name.
    country: (address.countryCode && countryName(address.countryCode)) ?? '',
  };
}

export function toWireUpdate(write: CustomerWrite): FlexPortalUpdate {
  const body: FlexPortalUpdate = {};
  if (write.email) body.email = write.email;
  if (write.firstName) body.firstName = write.firstName;
  if (write.lastName) body.lastName = write.lastName;
  if (write.company !== undefined) body.company = write.company;
  if (write.phone !== undefined) body.phone = write.phone;
  if (write.customerType) body.customerType = WIRE_CUSTOMER_TYPE[write.customerType];
  if (write.billingAddress) body.billingAddress = toWireAddress(write.billingAddress);
  if (write.shippingAddress) body.shippingAddress = toWireAddress(write.shippingAddress);
  return body;
}

/** The list's query parameters for a filter; null when no FlexPortal customer can match it (status ARCHIVED). */
export function toWireFilter(filter: CustomerFilter): Record<string, string> | null {
  const query: Record<string, string> = {};
  if (filter.email) query.email = filter.email;
  if (filter.customerType) query.customerType = WIRE_CUSTOMER_TYPE[filter.customerType];
  if (filter.status) {
    const status = toWireStatus(filter.status);
    if (!status) return null;
    query.status = status;
  }
  return query;
}

export function toWireStatus(status: CustomerStatus): 'active' | 'inactive' | null {
  return status === 'ACTIVE' ? 'active' : status === 'INACTIVE' ? 'inactive' : null;
}

/** A field FlexPortal names in an error ("billingAddress.streetAddress") → normalized path. */
export function toFieldPath(wireField: string): string[] | null {
  const [head, part] = wireField.split('.');
  if (head === 'billingAddress' || head === 'shippingAddress') {
    if (!part) return [head];
    const entry = Object.entries(ADDRESS_KEYS).find(([, key]) => key === part);
    return entry ? [head, entry[0]] : [head];
  }
  return head !== undefined && SCALAR_KEYS.has(head) ? [head] : null;
}
