// The Flowglad customer API as backends.md describes it, quirks included: the raw key (or
// Bearer) in Authorization, plain-text 401s, epoch-millisecond dates, `{ customer }`
// envelopes, unknown keys silently dropped, archive one way, archived customers 404.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { segmentsAfter, withoutIgnored, type EmulatedBackend, type EmulatorRequest, type EmulatorResponse, type Fault } from './control.js';

export const FLOWGLAD_KEY = 'sk_test_emulator';

const BillingAddress = z.object({
  name: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  address: z.object({
    country: z.string(),
    name: z.string().nullish(),
    line1: z.string().nullish(),
    line2: z.string().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    postal_code: z.string().nullish(),
  }),
});
type BillingAddress = z.infer<typeof BillingAddress>;

/** A stored customer; a schema so that records added through the control route are checked too. */
const FlowgladRecord = z.object({
  id: z.string(),
  externalId: z.string(),
  email: z.string(),
  name: z.string(),
  archived: z.boolean(),
  livemode: z.boolean(),
  organizationId: z.string(),
  invoiceNumberBase: z.string().nullable(),
  logoURL: z.string().nullable(),
  iconURL: z.string().nullable(),
  domain: z.string().nullable(),
  userId: z.string().nullable(),
  pricingModelId: z.string(),
  billingAddress: BillingAddress.nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type FlowgladRecord = z.infer<typeof FlowgladRecord>;

/** What `POST /__emulator/customers` takes: any fields of a record (unknown keys kept), the externalId at least. */
const AddedRecord = FlowgladRecord.partial()
  .extend({ externalId: z.string().min(1) })
  .loose();

const ORG = 'org_emulator';
const day = 86_400_000;
const seedTime = Date.UTC(2026, 0, 15, 9, 0, 0);

function defaults(partial: Partial<FlowgladRecord> & { externalId: string }, index: number): FlowgladRecord {
  const created = partial.createdAt ?? seedTime + index * day;
  return {
    id: `cust_${randomBytes(8).toString('hex')}`,
    email: `${partial.externalId}@example.com`,
    name: partial.externalId,
    archived: false,
    livemode: false,
    organizationId: ORG,
    invoiceNumberBase:
      partial.externalId
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(0, 8) || null,
    logoURL: null,
    iconURL: null,
    domain: null,
    userId: null,
    pricingModelId: 'pricing_model_default',
    billingAddress: null,
    createdAt: created,
    updatedAt: created,
    ...partial,
  };
}

function address(
  name: string,
  line1: string,
  city: string,
  state: string | null,
  postal: string,
  country: string,
  email: string,
  phone: string | null,
): BillingAddress {
  const [firstName, ...rest] = name.split(' ');
  return {
    name,
    firstName: firstName ?? null,
    lastName: rest.join(' ') || null,
    email,
    phone,
    address: { country, name, line1, line2: null, city, state, postal_code: postal },
  };
}

const SEED: (Partial<FlowgladRecord> & { externalId: string })[] = [
  {
    externalId: 'acme-corp',
    email: 'billing@acme.example',
    name: 'Wile Coyote',
    domain: 'acme.example',
    logoURL: 'https://acme.example/logo.png',
    billingAddress: address('Wile Coyote', '1 Desert Road', 'Phoenix', 'AZ', '85001', 'US', 'billing@acme.example', '+16025550123'),
  },
  {
    externalId: 'globex',
    email: 'ap@globex.example',
    name: 'Hank Scorpio',
    domain: 'globex.example',
    billingAddress: address('Hank Scorpio', '42 Cypress Creek', 'Springfield', 'OR', '97477', 'US', 'ap@globex.example', null),
  },
  {
    externalId: 'initech',
    email: 'finance@initech.example',
    name: 'Bill Lumbergh',
    iconURL: 'https://initech.example/icon.png',
  },
  {
    externalId: 'nordlicht-ab',
    email: 'ekonomi@nordlicht.example',
    name: 'Astrid Lindqvist',
    domain: 'nordlicht.example',
    billingAddress: address('Astrid Lindqvist', 'Drottninggatan 12', 'Stockholm', null, '111 51', 'SE', 'ekonomi@nordlicht.example', '+46701234567'),
  },
  { externalId: 'umbrella', email: 'accounts@umbrella.example', name: 'Albert Wesker Junior' },
  { externalId: 'tyrell', email: 'billing@tyrell.example', name: 'Eldon Tyrell' },
  { externalId: 'cyberdyne', email: 'ap@cyberdyne.example', name: 'Miles Dyson', archived: true },
];

/** What an update may carry; every other key is stripped, as the real server does. */
const UpdateBody = z.object({
  customer: z.object({
    email: z.email().optional(),
    name: z.string().min(1).max(255).optional(),
    logoURL: z.string().nullable().optional(),
    iconURL: z.string().nullable().optional(),
    domain: z.string().nullable().optional(),
    userId: z.string().nullable().optional(),
  }),
});

const CreateBody = z.object({
  customer: z.object({
    email: z.email(),
    name: z.string().min(1).max(255),
    externalId: z.string().min(1),
    domain: z.string().nullable().optional(),
    logoURL: z.string().nullable().optional(),
    iconURL: z.string().nullable().optional(),
  }),
});

export function createFlowgladEmulator(apiKey = FLOWGLAD_KEY): EmulatedBackend {
  let customers = new Map<string, FlowgladRecord>();

  const requestId = () => randomBytes(4).toString('hex');
  const json = (status: number, body: object): EmulatorResponse => {
    const id = requestId();
    const withId = status >= 400 ? { ...body, request_id: id } : body;
    return { status, headers: { 'x-request-id': id, 'x-trace-id': randomBytes(8).toString('hex') }, body: withId };
  };
  const error = (status: number, message: unknown, code: string) => json(status, { error: message, code });
  const notFound = (externalId: string) => error(404, `Customer with externalId ${externalId} not found`, 'NOT_FOUND');

  const authorized = (req: EmulatorRequest) => {
    const header = req.headers.authorization ?? '';
    return header === apiKey || header === `Bearer ${apiKey}`;
  };

  const errorResponse = (status: number, message: string): EmulatorResponse => {
    if (status === 401) return { status, body: 'Unauthorized' };
    if (status >= 500) return error(status, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    return error(status, message, status === 404 ? 'NOT_FOUND' : status === 409 ? 'CONFLICT' : 'BAD_REQUEST');
  };

  const live = (externalId: string) => {
    const record = customers.get(externalId);
    return record && !record.archived ? record : null;
  };

  const list = (req: EmulatorRequest): EmulatorResponse => {
    const limit = Number(req.query.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return error(400, [{ code: 'too_big', path: ['limit'], message: 'limit must be between 1 and 100' }], 'BAD_REQUEST');
    }
    const cursor = req.query.get('cursor');
    const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0) return error(400, 'Invalid cursor', 'BAD_REQUEST');
    const all = [...customers.values()];
    const data = all.slice(offset, offset + limit);
    const hasMore = offset + limit < all.length;
    return json(200, {
      data,
      hasMore,
      total: all.length,
      currentCursor: cursor ?? undefined,
      nextCursor: hasMore ? Buffer.from(String(offset + limit)).toString('base64url') : undefined,
    });
  };

  const update = (externalId: string, req: EmulatorRequest, fault: Fault | null): EmulatorResponse => {
    if (req.json === undefined) return error(400, 'Invalid JSON in request body', 'BAD_REQUEST');
    const record = live(externalId);
    if (!record) return notFound(externalId);
    const body = UpdateBody.safeParse(req.json);
    if (!body.success) return error(400, body.error.issues, 'BAD_REQUEST');
    Object.assign(record, withoutIgnored(body.data.customer, fault), { updatedAt: Math.max(Date.now(), record.updatedAt + 1) });
    return json(200, { customer: record });
  };

  const create = (req: EmulatorRequest): EmulatorResponse => {
    if (req.json === undefined) return error(400, 'Invalid JSON in request body', 'BAD_REQUEST');
    const body = CreateBody.safeParse(req.json);
    if (!body.success) return error(400, body.error.issues, 'BAD_REQUEST');
    if (customers.has(body.data.customer.externalId)) {
      return error(409, `Customer with externalId ${body.data.customer.externalId} already exists`, 'CONFLICT');
    }
    const record = defaults({ ...body.data.customer, createdAt: Date.now() }, customers.size);
    customers.set(record.externalId, record);
    return json(200, { data: { customer: record } });
  };

  const archive = (externalId: string, req: EmulatorRequest): EmulatorResponse => {
    // The archive route wants a JSON body; an empty body is a 400.
    if (req.json === undefined) return error(400, 'Invalid JSON in request body', 'BAD_REQUEST');
    const record = live(externalId);
    if (!record) return notFound(externalId);
    Object.assign(record, { archived: true, updatedAt: Math.max(Date.now(), record.updatedAt + 1) });
    return json(200, { customer: record });
  };

  const emulator: EmulatedBackend = {
    reset() {
      customers = new Map(SEED.map((seed, index) => [seed.externalId, defaults(structuredClone(seed), index)]));
    },
    addCustomer(partial) {
      const parsed = AddedRecord.safeParse(partial);
      if (!parsed.success) return { status: 400, body: { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
      const record = defaults(parsed.data, customers.size);
      customers.set(record.externalId, record);
      return { status: 200, body: record };
    },
    errorResponse,
    handle(req, fault) {
      if (!authorized(req)) return { status: 401, body: 'Unauthorized' };
      const segments = segmentsAfter(req.path, '/api/v1/customers');
      if (!segments) return { status: 404, body: 'Not Found' };
      const [externalId, action, ...extra] = segments;
      if (extra.length > 0) return { status: 404, body: 'Not Found' };
      if (externalId === undefined) {
        if (req.method === 'GET') return list(req);
        if (req.method === 'POST') return create(req);
      } else if (action === undefined) {
        if (req.method === 'GET') {
          const record = live(externalId);
          return record ? json(200, { customer: record }) : notFound(externalId);
        }
        if (req.method === 'PUT') return update(externalId, req, fault);
      } else if (action === 'archive' && req.method === 'POST') {
        return archive(externalId, req);
      }
      return { status: 404, body: 'Not Found' };
    },
  };
  emulator.reset();
  return emulator;
}
