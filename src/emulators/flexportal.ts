// The FlexPortal customer API as backends.md describes it: Bearer key plus Tenant-ID, flat
// partial PUTs answered with `{ success, message, customerId, customer }`, addresses sent as
// `billingAddress` but returned as `lastBillingAddress`, country names (not codes), 422 for
// invalid values, 429 with Retry-After over the plan's rate limit, soft delete.
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { segmentsAfter, withoutIgnored, type EmulatedBackend, type EmulatorRequest, type EmulatorResponse, type Fault } from './control.js';

countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

export const FLEXPORTAL_KEY = 'fp_test_emulator';
export const FLEXPORTAL_TENANT = 'tenant_demo';

const FlexAddress = z.object({
  contactName: z.string(),
  streetAddress: z.string(),
  city: z.string(),
  country: z.string(),
  company: z.string().nullish(),
  buildingInfo: z.string().nullish(),
  locality: z.string().nullish(),
  adminArea: z.string().nullish(),
  postalCode: z.string().nullish(),
});

/** A stored customer; a schema so that records added through the control route are checked too. */
const FlexPortalRecord = z.object({
  customerId: z.string(),
  tenantId: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  customerType: z.enum(['individual', 'business']),
  status: z.enum(['active', 'inactive']),
  company: z.string().nullish(),
  phone: z.string().nullish(),
  lastBillingAddress: FlexAddress.optional(),
  lastShippingAddress: FlexAddress.optional(),
  totalOrders: z.number(),
  totalDevicesRented: z.number(),
  totalMonthlyRevenue: z.number(),
  orderIds: z.array(z.string()),
  rentalIds: z.array(z.string()),
  createdBy: z.string(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FlexPortalRecord = z.infer<typeof FlexPortalRecord>;

/** What `POST /__emulator/customers` takes: any fields of a record (unknown keys kept), the customerId at least. */
const AddedRecord = FlexPortalRecord.partial()
  .extend({ customerId: z.string().min(1) })
  .loose();

const seedTime = Date.UTC(2026, 1, 3, 8, 30, 0);
const day = 86_400_000;

function defaults(partial: Partial<FlexPortalRecord> & { customerId: string }, index: number): FlexPortalRecord {
  const created = partial.createdAt ?? new Date(seedTime + index * day).toISOString();
  return {
    tenantId: FLEXPORTAL_TENANT,
    email: `${partial.customerId}@example.com`,
    firstName: 'Unknown',
    lastName: 'Customer',
    customerType: 'individual',
    status: 'active',
    totalOrders: 0,
    totalDevicesRented: 0,
    totalMonthlyRevenue: 0,
    orderIds: [],
    rentalIds: [],
    createdBy: 'order',
    createdAt: created,
    updatedAt: created,
    ...partial,
  };
}

const SEED: (Partial<FlexPortalRecord> & { customerId: string })[] = [
  {
    customerId: 'cus_1001',
    email: 'emma.larsson@example.se',
    firstName: 'Emma',
    lastName: 'Larsson',
    phone: '+46701112233',
    lastBillingAddress: { contactName: 'Emma Larsson', streetAddress: 'Storgatan 5', city: 'Uppsala', postalCode: '753 20', country: 'Sweden' },
    lastShippingAddress: {
      contactName: 'Emma Larsson',
      streetAddress: 'Storgatan 5',
      buildingInfo: 'Lgh 1102',
      city: 'Uppsala',
      postalCode: '753 20',
      country: 'Sweden',
    },
    totalOrders: 3,
    totalDevicesRented: 2,
    totalMonthlyRevenue: 59.8,
    orderIds: ['ord_5001', 'ord_5002', 'ord_5003'],
    rentalIds: ['rent_9001', 'rent_9002'],
  },
  {
    customerId: 'cus_1002',
    email: 'procurement@brightdesk.example',
    firstName: 'Omar',
    lastName: 'Haddad',
    customerType: 'business',
    company: 'BrightDesk GmbH',
    phone: '+493012345678',
    lastBillingAddress: {
      contactName: 'Omar Haddad',
      company: 'BrightDesk GmbH',
      streetAddress: 'Friedrichstraße 68',
      buildingInfo: '3. OG',
      locality: 'Mitte',
      city: 'Berlin',
      postalCode: '10117',
      country: 'Germany',
    },
    lastShippingAddress: {
      contactName: 'Front desk',
      company: 'BrightDesk GmbH',
      streetAddress: 'Friedrichstraße 68',
      city: 'Berlin',
      postalCode: '10117',
      country: 'Germany',
    },
    totalOrders: 12,
    totalDevicesRented: 40,
    totalMonthlyRevenue: 1180,
  },
  {
    customerId: 'cus_1003',
    email: 'li.wei@example.com',
    firstName: 'Li',
    lastName: 'Wei',
    lastBillingAddress: {
      contactName: 'Li Wei',
      streetAddress: '500 Market St',
      buildingInfo: 'Apt 12B',
      city: 'San Francisco',
      adminArea: 'CA',
      postalCode: '94105',
      country: 'United States',
    },
    totalOrders: 1,
    totalDevicesRented: 1,
    totalMonthlyRevenue: 29.9,
  },
  {
    customerId: 'cus_1004',
    email: 'fatima.alsayed@example.qa',
    firstName: 'Fatima',
    lastName: 'Al-Sayed',
    lastShippingAddress: { contactName: 'Fatima Al-Sayed', streetAddress: 'Al Corniche Street 14', locality: 'West Bay', city: 'Doha', country: 'Qatar' },
  },
  {
    customerId: 'cus_1005',
    email: 'ops@fjordtech.example',
    firstName: 'Ingrid',
    lastName: 'Hansen',
    customerType: 'business',
    company: 'Fjordtech AS',
    lastBillingAddress: {
      contactName: 'Ingrid Hansen',
      company: 'Fjordtech AS',
      streetAddress: 'Karl Johans gate 22',
      city: 'Oslo',
      postalCode: '0159',
      country: 'Norway',
    },
    totalOrders: 5,
    totalDevicesRented: 9,
    totalMonthlyRevenue: 311.5,
  },
  {
    customerId: 'cus_1006',
    email: 'paul.martin@example.fr',
    firstName: 'Paul',
    lastName: 'Martin',
    status: 'inactive',
    lastBillingAddress: { contactName: 'Paul Martin', streetAddress: '8 Rue de Rivoli', city: 'Paris', postalCode: '75004', country: 'France' },
  },
];

const issue = (path: string, message: string) => `${path}: ${message}`;

/** A country name FlexPortal knows (it refuses codes). */
const countryName = z.string().refine((value) => value.length > 3 && countries.getAlpha2Code(value, 'en') !== undefined, {
  message: 'must be a country name such as Sweden',
});

const Address = z
  .object({
    contactName: z.string().min(1),
    streetAddress: z.string().min(1),
    city: z.string().min(1),
    country: countryName,
    company: z.string().nullish(),
    buildingInfo: z.string().nullish(),
    locality: z.string().nullish(),
    adminArea: z.string().nullish(),
    postalCode: z.string().nullish(),
  })
  .strict();

const UpdateBody = z
  .object({
    email: z.email(),
    firstName: z.string().min(1),
    lastName: z.string().min(1),
    company: z.string().nullable(),
    phone: z.string().nullable(),
    customerType: z.enum(['individual', 'business']),
    status: z.enum(['active', 'inactive']),
    billingAddress: Address,
    shippingAddress: Address,
  })
  .partial()
  .strict();

export interface FlexPortalOptions {
  apiKey?: string;
  tenantId?: string;
  /** Requests admitted per window before 429 (the Starter plan allows 100 a minute). */
  rateLimit?: number;
  /** The sliding window's length in milliseconds (default 60000). */
  rateWindowMs?: number;
}

export function createFlexPortalEmulator(options: FlexPortalOptions = {}): EmulatedBackend {
  const apiKey = options.apiKey ?? FLEXPORTAL_KEY;
  const tenantId = options.tenantId ?? FLEXPORTAL_TENANT;
  const rateLimit = options.rateLimit ?? 100;
  const rateWindowMs = options.rateWindowMs ?? 60_000;
  let customers = new Map<string, FlexPortalRecord>();
  let recent: number[] = [];

  const error = (status: number, code: string, message: string): EmulatorResponse => ({ status, body: { error: { code, message } } });
  const notFound = (customerId: string) => error(404, 'NOT_FOUND', `Customer ${customerId} not found`);

  const errorResponse = (status: number, message: string): EmulatorResponse => {
    const codes: Record<number, string> = {
      400: 'INVALID_REQUEST',
      401: 'UNAUTHORIZED',
      403: 'FORBIDDEN',
      404: 'NOT_FOUND',
      422: 'VALIDATION_ERROR',
      429: 'RATE_LIMITED',
    };
    return error(status, codes[status] ?? 'INTERNAL_ERROR', status >= 500 ? 'Internal server error' : message);
  };

  /** A sliding window of admitted requests; answers the seconds until it admits one again when full. */
  const overLimit = (): number | null => {
    const now = Date.now();
    recent = recent.filter((at) => at > now - rateWindowMs);
    if (recent.length >= rateLimit) return Math.max(1, Math.ceil((recent[0]! + rateWindowMs - now) / 1000));
    recent.push(now);
    return null;
  };

  const list = (req: EmulatorRequest): EmulatorResponse => {
    const limit = Number(req.query.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, 'INVALID_REQUEST', 'limit must be between 1 and 100');
    let all = [...customers.values()];
    for (const key of ['status', 'customerType', 'email'] as const) {
      const value = req.query.get(key);
      if (value) all = all.filter((c) => c[key] === value);
    }
    const startAfter = req.query.get('startAfter');
    const start = startAfter ? all.findIndex((c) => c.customerId === startAfter) + 1 : 0;
    if (startAfter && start === 0) return error(400, 'INVALID_REQUEST', 'startAfter is not a known customerId');
    const page = all.slice(start, start + limit);
    const hasMore = start + limit < all.length;
    return { status: 200, body: { customers: page, count: page.length, limit, hasMore, nextCursor: hasMore ? page.at(-1)!.customerId : null } };
  };

  const update = (customerId: string, req: EmulatorRequest, fault: Fault | null): EmulatorResponse => {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return error(400, 'INVALID_REQUEST', 'Content-Type must be application/json');
    }
    if (req.json === undefined || typeof req.json !== 'object' || req.json === null) {
      return error(400, 'INVALID_REQUEST', 'Request body must be a JSON object');
    }
    const record = customers.get(customerId);
    if (!record) return notFound(customerId);
    const body = UpdateBody.safeParse(req.json);
    if (!body.success) {
      const first = body.error.issues[0]!;
      if (first.code === 'unrecognized_keys') return error(400, 'INVALID_REQUEST', `Unknown field: ${first.keys.join(', ')}`);
      return error(422, 'VALIDATION_ERROR', issue(first.path.join('.'), first.message));
    }
    const { billingAddress, shippingAddress, ...fields } = withoutIgnored(body.data, fault);
    if (fields.email && [...customers.values()].some((c) => c.email === fields.email && c.customerId !== customerId)) {
      return error(422, 'VALIDATION_ERROR', issue('email', 'is already used by another customer of this tenant'));
    }
    // A field set to null is removed from the record, not stored as null.
    Object.assign(record, fields);
    for (const [key, value] of Object.entries(fields)) if (value === null) Reflect.deleteProperty(record, key);
    if (billingAddress) record.lastBillingAddress = billingAddress;
    if (shippingAddress) record.lastShippingAddress = shippingAddress;
    record.updatedAt = new Date(Math.max(Date.now(), Date.parse(record.updatedAt) + 1)).toISOString();
    return { status: 200, body: { success: true, message: 'Customer updated successfully', customerId, customer: record } };
  };

  const emulator: EmulatedBackend = {
    reset() {
      customers = new Map(SEED.map((seed, index) => [seed.customerId, defaults(structuredClone(seed), index)]));
      recent = [];
    },
    addCustomer(partial) {
      const parsed = AddedRecord.safeParse(partial);
      if (!parsed.success) return { status: 400, body: { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
      const record = defaults(parsed.data, customers.size);
      customers.set(record.customerId, record);
      return { status: 200, body: record };
    },
    errorResponse,
    handle(req, fault) {
      if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401, 'UNAUTHORIZED', 'Missing or invalid API key');
      if (req.headers['tenant-id'] !== tenantId) return error(403, 'FORBIDDEN', 'The API key has no access to this Tenant-ID');
      const wait = overLimit();
      if (wait !== null) return { ...error(429, 'RATE_LIMITED', 'Rate limit exceeded'), headers: { 'retry-after': String(wait) } };
      const segments = segmentsAfter(req.path, '/v1/customers');
      if (!segments || segments.length > 1) return error(404, 'NOT_FOUND', 'Route not found');
      const [customerId] = segments;
      if (customerId === undefined) return req.method === 'GET' ? list(req) : error(404, 'NOT_FOUND', 'Route not found');
      const record = customers.get(customerId);
      switch (req.method) {
        case 'GET':
          return record ? { status: 200, body: { customer: record } } : notFound(customerId);
        case 'PUT':
          return update(customerId, req, fault);
        case 'DELETE':
          if (!record) return notFound(customerId);
          record.status = 'inactive';
          record.updatedAt = new Date().toISOString();
          return { status: 200, body: { success: true, message: 'Customer deactivated', customerId } };
        default:
          return error(404, 'NOT_FOUND', 'Route not found');
      }
    },
  };
  emulator.reset();
  return emulator;
}
