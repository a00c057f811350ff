// Flowglad's REST shapes, as the server really sends them (both documented date formats,
// catalogId or pricingModelId).
import { z } from 'zod';
import { nullableString } from '../wire.js';

const timestamp = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : new Date(v)));

export const FlowgladBillingAddress = z.object({
  name: nullableString,
  firstName: nullableString,
  lastName: nullableString,
  email: nullableString,
  phone: nullableString,
  address: z.object({
    country: z.string(),
    name: nullableString,
    line1: nullableString,
    line2: nullableString,
    city: nullableString,
    state: nullableString,
    postal_code: nullableString,
  }),
});

export const FlowgladCustomer = z.object({
  id: z.string(),
  externalId: z.string(),
  email: z.string(),
  name: z.string(),
  archived: z.boolean(),
  livemode: z.boolean(),
  organizationId: nullableString,
  invoiceNumberBase: nullableString,
  userId: nullableString,
  logoURL: nullableString,
  iconURL: nullableString,
  domain: nullableString,
  pricingModelId: z.string().nullish(),
  catalogId: z.string().nullish(),
  createdAt: timestamp,
  updatedAt: timestamp,
  billingAddress: FlowgladBillingAddress.nullish(),
});
export type FlowgladCustomer = z.infer<typeof FlowgladCustomer>;

export const CustomerEnvelope = z.object({ customer: FlowgladCustomer });

export const CustomerList = z.object({
  data: z.array(FlowgladCustomer),
  hasMore: z.boolean(),
  total: z.number().nullish(),
  nextCursor: z.string().nullish(),
});

/** The JSON error body; `error` is a message or zod's issue list. */
export const ErrorBody = z.object({
  error: z.union([z.string(), z.array(z.object({ path: z.array(z.union([z.string(), z.number()])).default([]), message: z.string() }))]),
  code: z.string().optional(),
});

/** The fields an update may carry; the server silently drops every other key. */
export interface FlowgladUpdate {
  email?: string;
  name?: string;
  logoURL?: string | null;
  iconURL?: string | null;
  domain?: string | null;
  userId?: string | null;
}
