// FlexPortal's REST shapes. Responses name addresses `last…Address`; update bodies do not.
import { z } from 'zod';
import { nullableString } from '../wire.js';

export const FlexPortalAddress = z.object({
  contactName: nullableString,
  company: nullableString,
  streetAddress: nullableString,
  buildingInfo: nullableString,
  locality: nullableString,
  city: nullableString,
  adminArea: nullableString,
  postalCode: nullableString,
  country: nullableString,
});
export type FlexPortalAddress = z.infer<typeof FlexPortalAddress>;

export const FlexPortalCustomer = z.object({
  customerId: z.string(),
  tenantId: z.string().nullish(),
  email: nullableString,
  firstName: nullableString,
  lastName: nullableString,
  customerType: z.enum(['individual', 'business']).nullish(),
  status: z.enum(['active', 'inactive']),
  company: nullableString,
  phone: nullableString,
  lastBillingAddress: FlexPortalAddress.nullish(),
  lastShippingAddress: FlexPortalAddress.nullish(),
  totalOrders: z.number().nullish(),
  totalDevicesRented: z.number().nullish(),
  totalMonthlyRevenue: z.number().nullish(),
  orderIds: z.array(z.string()).nullish(),
  rentalIds: z.array(z.string()).nullish(),
  createdBy: nullableString,
  customFields: z.record(z.string(), z.unknown()).nullish(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});
export type FlexPortalCustomer = z.infer<typeof FlexPortalCustomer>;

/** GET answers `{ customer }`; some documented examples show the record bare. */
export const GetResponse = z.union([z.object({ customer: FlexPortalCustomer }), FlexPortalCustomer.transform((customer) => ({ customer }))]);

export const UpdateResponse = z.object({ customer: FlexPortalCustomer });

export const ListResponse = z.object({
  customers: z.array(FlexPortalCustomer),
  count: z.number().nullish(),
  hasMore: z.boolean(),
  nextCursor: z.string().nullish(),
});

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** An address as an update body carries it: replaced as a whole. */
export interface FlexPortalAddressWrite {
  contactName: string;
  streetAddress: string;
  city: string;
  country: string;
  company?: string | null;
  buildingInfo?: string | null;
  locality?: string | null;
  adminArea?: string | null;
  postalCode?: string | null;
}

export interface FlexPortalUpdate {
  email?: string;
  firstName?: string;
  lastName?: string;
  company?: string | null;
  phone?: string | null;
  customerType?: 'individual' | 'business';
  status?: 'active' | 'inactive';
  billingAddress?: FlexPortalAddressWrite;
  shippingAddress?: FlexPortalAddressWrite;
}
