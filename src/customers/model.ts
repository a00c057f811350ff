// The normalized customer: what every backend maps to and from.

export const BACKEND_KINDS = ['FLOWGLAD', 'FLEXPORTAL'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

export const CUSTOMER_TYPES = ['INDIVIDUAL', 'BUSINESS'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export const CUSTOMER_STATUSES = ['ACTIVE', 'INACTIVE', 'ARCHIVED'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** What `customers` can be filtered by; each condition is optional, and all given must hold. */
export interface CustomerFilter {
  email?: string | null;
  status?: CustomerStatus | null;
  customerType?: CustomerType | null;
}
export const CUSTOMER_FILTERS = ['email', 'status', 'customerType'] as const satisfies readonly (keyof CustomerFilter)[];
export type CustomerFilterField = (typeof CUSTOMER_FILTERS)[number];

export const ADDRESS_FIELDS = [
  'contactName',
  'firstName',
  'lastName',
  'company',
  'line1',
  'line2',
  'locality',
  'city',
  'region',
  'postalCode',
  'countryCode',
  'phone',
  'email',
] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/**
 * The addressee's own name, phone and email: only Flowglad keeps them, read-only, so they are
 * read but never taken as input.
 */
const READ_ONLY_ADDRESS_FIELDS = ['firstName', 'lastName', 'phone', 'email'] as const satisfies readonly AddressField[];
export type WritableAddressField = Exclude<AddressField, (typeof READ_ONLY_ADDRESS_FIELDS)[number]>;

const isWritablePart = (part: AddressField): part is WritableAddressField => !READ_ONLY_ADDRESS_FIELDS.some((readOnly) => readOnly === part);
/** The address parts a caller may write: those some backend kind stores (see each kind's `addressFields`). */
export const WRITABLE_ADDRESS_FIELDS: readonly WritableAddressField[] = ADDRESS_FIELDS.filter(isWritablePart);

/** An address; `countryCode` is ISO 3166-1 alpha-2, the English name is derived from it. */
export type Address = { [K in AddressField]: string | null };

/** Scalar fields a caller may write, in the order changes are reported (`userId`: Flowglad's own user id linked to the customer). */
export const SCALAR_FIELDS = ['email', 'name', 'firstName', 'lastName', 'company', 'phone', 'customerType', 'logoUrl', 'iconUrl', 'domain', 'userId'] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];

/** The name fields, which the name rule (see plan.ts) maps between the backends' ways of keeping a name. */
export const NAME_FIELDS = ['name', 'firstName', 'lastName'] as const satisfies readonly ScalarField[];
export type NameField = (typeof NAME_FIELDS)[number];
export const isNameField = (field: ScalarField): field is NameField => NAME_FIELDS.some((name) => name === field);

/** A scalar field's value: text, but for the enum `customerType`. */
type ScalarValues = { [F in ScalarField]: F extends 'customerType' ? CustomerType | null : string | null };

export const ADDRESS_KINDS = ['billingAddress', 'shippingAddress'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

export interface CustomerFields extends ScalarValues {
  status: CustomerStatus;
  billingAddress: Address | null;
  shippingAddress: Address | null;
}

/** Flowglad's own fields that no other backend has (its writable `userId` is a customer field). */
export interface FlowgladDetails {
  organizationId: string | null;
  invoiceNumberBase: string | null;
  pricingModelId: string | null;
}

/** FlexPortal's own fields that no other backend has; all read-only. */
export interface FlexPortalDetails {
  tenantId: string | null;
  totalOrders: number | null;
  totalDevicesRented: number | null;
  totalMonthlyRevenue: number | null;
  orderIds: string[] | null;
  rentalIds: string[] | null;
  createdBy: string | null;
  customFields: Record<string, unknown> | null;
}

export interface Customer extends CustomerFields {
  source: string;
  backend: BackendKind;
  externalId: string;
  livemode: boolean | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  /** Set exactly when `backend` is FLOWGLAD. */
  flowglad: FlowgladDetails | null;
  /** Set exactly when `backend` is FLEXPORTAL. */
  flexportal: FlexPortalDetails | null;
}

export function emptyAddress(): Address {
  return {
    contactName: null,
    firstName: null,
    lastName: null,
    company: null,
    line1: null,
    line2: null,
    locality: null,
    city: null,
    region: null,
    postalCode: null,
    countryCode: null,
    phone: null,
    email: null,
  };
}

/** Splits a display name into first and last name when that is unambiguous: exactly two words. */
export function splitName(name: string | null): { firstName: string; lastName: string } | null {
  const words = name?.trim().split(/\s+/) ?? [];
  return words.length === 2 ? { firstName: words[0]!, lastName: words[1]! } : null;
}

export function joinName(firstName: string | null, lastName: string | null): string | null {
  const name = [firstName, lastName].filter((part) => part).join(' ');
  return name === '' ? null : name;
}
