// Customer, Address, their enums, and the customer queries.
import { countryName } from '../customers/countries.js';
import type { BACKEND_KINDS, CUSTOMER_STATUSES, CUSTOMER_TYPES, Address, Customer, FlexPortalDetails, FlowgladDetails } from '../customers/model.js';
import { customerLocalId } from '../customers/global-id.js';
import { LIMITS } from '../customers/validation.js';
import { READ, idScope, sourceScope } from './access.js';
import { builder } from './builder.js';

export const BackendEnum = builder.enumType('Backend', {
  description: 'The kind of backend a source is.',
  values: {
    FLOWGLAD: { description: 'Flowglad, the billing platform.' },
    FLEXPORTAL: { description: 'FlexPortal, the subscription platform for physical products.' },
  } satisfies Record<(typeof BACKEND_KINDS)[number], object>,
});

export const CustomerTypeEnum = builder.enumType('CustomerType', {
  description: 'Whether the customer is a person or a company.',
  values: {
    INDIVIDUAL: { description: 'A person.' },
    BUSINESS: { description: 'A company; on FlexPortal it can join billing groups.' },
  } satisfies Record<(typeof CUSTOMER_TYPES)[number], object>,
});

export const CustomerStatusEnum = builder.enumType('CustomerStatus', {
  description: 'Lifecycle state. Flowglad knows ACTIVE and ARCHIVED (one way); FlexPortal knows ACTIVE and INACTIVE.',
  values: {
    ACTIVE: { description: 'In use.' },
    INACTIVE: { description: 'Deactivated (FlexPortal); can be made ACTIVE again.' },
    ARCHIVED: { description: 'Archived (Flowglad); cannot be undone.' },
  } satisfies Record<(typeof CUSTOMER_STATUSES)[number], object>,
});

export const AddressRef = builder.objectRef<Address>('Address').implement({
  description: 'A postal address, normalized across backends.',
  fields: (t) => ({
    contactName: t.exposeString('contactName', { description: 'The person to address it to.' }),
    firstName: t.exposeString('firstName', { description: 'First name of the addressee (Flowglad only).' }),
    lastName: t.exposeString('lastName', { description: 'Last name of the addressee (Flowglad only).' }),
    company: t.exposeString('company', { description: 'Company name on the address.' }),
    line1: t.exposeString('line1', { description: 'Street and number (FlexPortal `streetAddress`).' }),
    line2: t.exposeString('line2', { description: 'Building, floor, suite (FlexPortal `buildingInfo`).' }),
    locality: t.exposeString('locality', { description: 'Neighbourhood or district.' }),
    city: t.exposeString('city', { description: 'City or town.' }),
    region: t.exposeString('region', { description: 'State, province or region (Flowglad `state`, FlexPortal `adminArea`).' }),
    postalCode: t.exposeString('postalCode', { description: 'Postal or ZIP code.' }),
    countryCode: t.exposeString('countryCode', { description: 'ISO 3166-1 alpha-2 country code, whatever format the backend stores.' }),
    country: t.string({
      description: 'English name of the country.',
      resolve: (address) => (address.countryCode ? countryName(address.countryCode) : null),
    }),
    phone: t.exposeString('phone', { description: 'Phone number on the address (Flowglad only).' }),
    email: t.exposeString('email', { description: 'Email on the address (Flowglad only).' }),
  }),
});

const FlowgladDetailsRef = builder.objectRef<FlowgladDetails & { userId: string | null }>('FlowgladDetails').implement({
  description: "Fields only a Flowglad customer has, as Flowglad's API returns them.",
  fields: (t) => ({
    userId: t.exposeString('userId', { description: "Flowglad's own user id linked to the customer (not the merchant's); writable through `updateCustomer`." }),
    organizationId: t.exposeString('organizationId', { description: 'The Flowglad organization the customer belongs to.' }),
    invoiceNumberBase: t.exposeString('invoiceNumberBase', { description: "The prefix of the customer's invoice numbers." }),
    pricingModelId: t.exposeString('pricingModelId', { description: 'The pricing model the customer is on (`catalogId` in older API revisions).' }),
  }),
});

const FlexPortalDetailsRef = builder.objectRef<FlexPortalDetails>('FlexPortalDetails').implement({
  description: "Fields only a FlexPortal customer has, as FlexPortal's API returns them; all read-only.",
  fields: (t) => ({
    tenantId: t.exposeString('tenantId', { description: 'The business unit (Tenant-ID) holding the customer.' }),
    totalOrders: t.exposeInt('totalOrders', { description: 'Orders the customer has placed.' }),
    totalDevicesRented: t.exposeInt('totalDevicesRented', { description: 'Devices the customer rents.' }),
    totalMonthlyRevenue: t.exposeFloat('totalMonthlyRevenue', { description: "The customer's monthly revenue, in the tenant's currency." }),
    orderIds: t.exposeStringList('orderIds', { description: "IDs of the customer's orders." }),
    rentalIds: t.exposeStringList('rentalIds', { description: "IDs of the customer's rentals." }),
    createdBy: t.exposeString('createdBy', { description: 'What created the customer (e.g. `order`).' }),
    customFields: t.expose('customFields', { type: 'JSON', description: "The tenant's custom fields, as stored." }),
  }),
});

export const CustomerRef = builder.objectRef<Customer>('Customer');

builder.node(CustomerRef, {
  description: 'A customer of one source, normalized across backends.',
  id: { resolve: customerLocalId },
  // The request's DataLoader caches, so `node(id)` and every other read of a customer share it.
  loadWithoutCache: (localId: string, ctx) => ctx.customers.load(ctx.service.resolveLocalId(localId, 'id')),
  fields: (t) => ({
    source: t.exposeString('source', { description: 'The name of the configured source holding this customer.', nullable: false }),
    backend: t.expose('backend', { type: BackendEnum, description: 'The kind of backend holding this customer.', nullable: false }),
    externalId: t.exposeString('externalId', {
      description: "The backend's own key: Flowglad `externalId`, FlexPortal `customerId`.",
      nullable: false,
    }),
    email: t.exposeString('email', { description: 'Email address.' }),
    name: t.exposeString('name', { description: 'Display name (FlexPortal: first and last name joined).' }),
    firstName: t.exposeString('firstName', {
      description: 'First name (Flowglad: derived from `name` when it has exactly two words).',
    }),
    lastName: t.exposeString('lastName', {
      description: 'Last name (Flowglad: derived from `name` when it has exactly two words).',
    }),
    company: t.exposeString('company', { description: 'Company name (FlexPortal).' }),
    phone: t.exposeString('phone', { description: 'Phone number in E.164 (FlexPortal).' }),
    customerType: t.expose('customerType', { type: CustomerTypeEnum, description: 'Person or company (FlexPortal).' }),
    status: t.expose('status', { type: CustomerStatusEnum, description: 'Lifecycle state.', nullable: false }),
    billingAddress: t.expose('billingAddress', { type: AddressRef, description: 'Billing address (read-only on Flowglad).' }),
    shippingAddress: t.expose('shippingAddress', { type: AddressRef, description: 'Shipping address (FlexPortal).' }),
    logoUrl: t.exposeString('logoUrl', { description: 'Logo image URL (Flowglad).' }),
    iconUrl: t.exposeString('iconUrl', { description: 'Icon image URL (Flowglad).' }),
    domain: t.exposeString('domain', { description: 'Web domain (Flowglad).' }),
    livemode: t.exposeBoolean('livemode', { description: 'Live or test data (Flowglad).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the backend created the customer.' }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When the backend last changed the customer; pass it as `expectedUpdatedAt` to update safely.',
    }),
    flowglad: t.field({
      type: FlowgladDetailsRef,
      nullable: true,
      description: 'Flowglad-only fields; null unless `backend` is FLOWGLAD.',
      resolve: (customer) => (customer.flowglad ? { ...customer.flowglad, userId: customer.userId } : null),
    }),
    flexportal: t.expose('flexportal', {
      type: FlexPortalDetailsRef,
      nullable: true,
      description: 'FlexPortal-only fields; null unless `backend` is FLEXPORTAL.',
    }),
  }),
});

builder.queryType({
  description: 'Reading customers.',
  // Every query field, `_service` and `_entities` too (see federation.ts).
  authScopes: { [READ]: true },
});

builder.queryFields((t) => ({
  customer: t.field({
    type: CustomerRef,
    description: 'A customer by global ID; null when the backend does not know it.',
    args: { id: t.arg.id({ required: true, description: `The customer ID. At most ${LIMITS.id} characters.` }) },
    authScopes: (_root, { id }) => idScope(id, 'id'),
    resolve: (_root, { id }, ctx) => ctx.customers.load(ctx.service.resolveId(id)),
  }),
  customerByExternalId: t.field({
    type: CustomerRef,
    description: "A customer by source name and the backend's own key; null when the backend does not know it.",
    args: {
      source: t.arg.string({ required: true, description: `A configured source name, e.g. \`flowglad\`. At most ${LIMITS.source} characters.` }),
      externalId: t.arg.string({
        required: true,
        description: `Flowglad \`externalId\` or FlexPortal \`customerId\`. At most ${LIMITS.key} characters.`,
      }),
    },
    authScopes: (_root, { source }) => sourceScope(source),
    resolve: (_root, { source, externalId }, ctx) => ctx.customers.load(ctx.service.resolveExternalId(source, externalId)),
  }),
}));
