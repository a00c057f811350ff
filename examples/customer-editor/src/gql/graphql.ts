/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { JsonValue } from '../json.js';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** An address change, merged into the stored address. It has only the parts some backend can store (`Address` also shows parts that are read-only). A part left out is unchanged, null clears it. `country` is always required. Every text is trimmed (white space and invisible characters) and may not contain control characters. */
export type AddressInput = {
  /** City or town. At most 100 characters. */
  city?: string | null | undefined;
  /** Company name. At most 300 characters. */
  company?: string | null | undefined;
  /** The person to address it to. At most 300 characters. */
  contactName?: string | null | undefined;
  /** ISO 3166-1 alpha-2 code (SE) or English name (Sweden); stored in the format the backend wants. At most 100 characters. */
  country: string;
  /** Street and number. At most 200 characters. */
  line1?: string | null | undefined;
  /** Building, floor, suite. At most 200 characters. */
  line2?: string | null | undefined;
  /** Neighbourhood or district. At most 100 characters. */
  locality?: string | null | undefined;
  /** Postal or ZIP code. At most 20 characters. */
  postalCode?: string | null | undefined;
  /** State, province or region. At most 100 characters. */
  region?: string | null | undefined;
};

/** The kind of backend a source is. */
export type Backend =
  /** FlexPortal, the subscription platform for physical products. */
  | 'FLEXPORTAL'
  /** Flowglad, the billing platform. */
  | 'FLOWGLAD';

/** Lifecycle state. Flowglad knows ACTIVE and ARCHIVED (one way); FlexPortal knows ACTIVE and INACTIVE. */
export type CustomerStatus =
  /** In use. */
  | 'ACTIVE'
  /** Archived (Flowglad); cannot be undone. */
  | 'ARCHIVED'
  /** Deactivated (FlexPortal); can be made ACTIVE again. */
  | 'INACTIVE';

/** Whether the customer is a person or a company. */
export type CustomerType =
  /** A company; on FlexPortal it can join billing groups. */
  | 'BUSINESS'
  /** A person. */
  | 'INDIVIDUAL';

/** A partial update: a field left out is unchanged; null clears it where the backend allows. Every text is trimmed (white space and invisible characters) and may not contain control characters. */
export type UpdateCustomerInput = {
  /** Billing address change (FlexPortal). */
  billingAddress?: AddressInput | null | undefined;
  /** Echoed back in the payload (Relay). At most 200 characters. */
  clientMutationId?: string | null | undefined;
  /** Company name (FlexPortal). At most 300 characters. */
  company?: string | null | undefined;
  /** Person or company (FlexPortal). */
  customerType?: CustomerType | null | undefined;
  /** Web domain such as example.com (Flowglad). At most 253 characters. */
  domain?: string | null | undefined;
  /** Validate and compute `changes` without writing anything. */
  dryRun?: boolean | null | undefined;
  /** Email address. At most 254 characters. */
  email?: string | null | undefined;
  /** The customer's `updatedAt` as last read; the update is refused with CONFLICT if it changed since. */
  expectedUpdatedAt?: string | null | undefined;
  /** First name. On Flowglad it is joined with the last name into `name`. At most 100 characters. */
  firstName?: string | null | undefined;
  /** Icon image URL (Flowglad). At most 2048 characters. */
  iconUrl?: string | null | undefined;
  /** The customer to update. At most 1000 characters. */
  id: string | number;
  /** Last name. On Flowglad it is joined with the first name into `name`. At most 100 characters. */
  lastName?: string | null | undefined;
  /** Logo image URL (Flowglad). At most 2048 characters. */
  logoUrl?: string | null | undefined;
  /** Display name. On FlexPortal it must be exactly two words (split into first and last name). At most 300 characters. */
  name?: string | null | undefined;
  /** Phone number in international format, without an extension; stored as E.164 (FlexPortal). At most 40 characters. */
  phone?: string | null | undefined;
  /** Shipping address change (FlexPortal). */
  shippingAddress?: AddressInput | null | undefined;
  /** ARCHIVED (Flowglad, one way) or ACTIVE/INACTIVE (FlexPortal). */
  status?: CustomerStatus | null | undefined;
  /** Flowglad's own user id to link to the customer (Flowglad only); null unlinks it. At most 255 characters. */
  userId?: string | null | undefined;
};

/** Why a part of the input was refused. */
export type UserErrorCode =
  /** This part failed at the backend after other parts of the update were written (`changes` lists those); the message says whether it may still have been applied. Retrying the same update is safe. */
  | 'BACKEND_FAILED'
  /** null was sent for a field that cannot be emptied. */
  | 'CANNOT_CLEAR'
  /** The customer changed since `expectedUpdatedAt`; nothing was written. */
  | 'CONFLICT'
  /** The value is malformed or not allowed. */
  | 'INVALID'
  /** The backend answered success but did not store the value. */
  | 'NOT_APPLIED'
  /** The customer does not exist in its source. */
  | 'NOT_FOUND'
  /** The backend refused the value. */
  | 'REJECTED_BY_BACKEND'
  /** A value is needed and none was given or stored. */
  | 'REQUIRED'
  /** The value is longer than allowed. */
  | 'TOO_LONG'
  /** The value is shorter than allowed (or empty). */
  | 'TOO_SHORT'
  /** The customer's backend cannot store this field. */
  | 'UNSUPPORTED_FIELD';

export type CustomersQueryVariables = Exact<{
  source: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CustomersQuery = { customers: { edges: Array<{ node: { id: string, name: string | null, email: string | null, status: CustomerStatus } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type EditableAddressFragment = { contactName: string | null, company: string | null, line1: string | null, line2: string | null, locality: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null };

export type EditableCustomerFragment = { id: string, source: string, backend: Backend, externalId: string, email: string | null, name: string | null, firstName: string | null, lastName: string | null, company: string | null, phone: string | null, customerType: CustomerType | null, status: CustomerStatus, logoUrl: string | null, iconUrl: string | null, domain: string | null, createdAt: string | null, updatedAt: string | null, billingAddress: { contactName: string | null, company: string | null, line1: string | null, line2: string | null, locality: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null } | null, shippingAddress: { contactName: string | null, company: string | null, line1: string | null, line2: string | null, locality: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null } | null };

export type CustomerQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerQuery = { customer: { id: string, source: string, backend: Backend, externalId: string, email: string | null, name: string | null, firstName: string | null, lastName: string | null, company: string | null, phone: string | null, customerType: CustomerType | null, status: CustomerStatus, logoUrl: string | null, iconUrl: string | null, domain: string | null, createdAt: string | null, updatedAt: string | null, billingAddress: { contactName: string | null, company: string | null, line1: string | null, line2: string | null, locality: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null } | null, shippingAddress: { contactName: string | null, company: string | null, line1: string | null, line2: string | null, locality: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null } | null } | null };

export type UpdateCustomerMutationVariables = Exact<{
  input: UpdateCustomerInput;
}>;


export type UpdateCustomerMutation = { updateCustomer: { customer: { id: string, source: string, backend: Backend, externalId: string, email: string | null, name: string | null, firstName: string | null, lastName: string | null, company: string | null, phone: string | null, customerType: CustomerType | null, status: CustomerStatus, logoUrl: string | null, iconUrl: string | null, domain: string | null, createdAt: string | null, updatedAt: string | null, billingAddress: { contactName: string | null, company: string | null, line1: string | null, line2: string | null, locality: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null } | null, shippingAddress: { contactName: string | null, company: string | null, line1: string | null, line2: string | null, locality: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null } | null } | null, changes: Array<{ field: Array<string>, from: JsonValue | null, to: JsonValue | null }>, userErrors: Array<{ field: Array<string> | null, message: string, code: UserErrorCode }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const EditableAddressFragmentDoc = new TypedDocumentString(`
    fragment EditableAddress on Address {
  contactName
  company
  line1
  line2
  locality
  city
  region
  postalCode
  countryCode
}
    `, {"fragmentName":"EditableAddress"}) as unknown as TypedDocumentString<EditableAddressFragment, unknown>;
export const EditableCustomerFragmentDoc = new TypedDocumentString(`
    fragment EditableCustomer on Customer {
  id
  source
  backend
  externalId
  email
  name
  firstName
  lastName
  company
  phone
  customerType
  status
  logoUrl
  iconUrl
  domain
  billingAddress {
    ...EditableAddress
  }
  shippingAddress {
    ...EditableAddress
  }
  createdAt
  updatedAt
}
    fragment EditableAddress on Address {
  contactName
  company
  line1
  line2
  locality
  city
  region
  postalCode
  countryCode
}`, {"fragmentName":"EditableCustomer"}) as unknown as TypedDocumentString<EditableCustomerFragment, unknown>;
export const CustomersDocument = {"__meta__":{"hash":"sha256:c769e5012fcf9c66f188f48a816c2aeaee6b21bebf0f61443bef9ffc2c47a1f8"}} as unknown as TypedDocumentString<CustomersQuery, CustomersQueryVariables>;
export const CustomerDocument = {"__meta__":{"hash":"sha256:4c036ae3d85bb85c78968277dafe017f9eacc3e6655e1af010a1e0ec3b125b9d"}} as unknown as TypedDocumentString<CustomerQuery, CustomerQueryVariables>;
export const UpdateCustomerDocument = {"__meta__":{"hash":"sha256:36d97ad4d98423c34ec941490ccb49c8caebb59f060486a0204dbcbdfd2332bd"}} as unknown as TypedDocumentString<UpdateCustomerMutation, UpdateCustomerMutationVariables>;