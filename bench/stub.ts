// The upstream stub: Flowglad-shaped GET and PUT of /api/v1/customers/:externalId, as fast as
// it can be. Any externalId exists; a PUT merges the fields it knows and bumps updatedAt.
// POST /_delay?ms=20 makes every later answer wait that long (a backend across the internet):
// the harness sets it per scenario, so every target keeps its one process and its warm state.
import { createServer } from 'node:http';
import { listenAndAnnounce } from './announce.js';

const KEY = 'sk_test_emulator';
const customers = new Map<string, Record<string, unknown>>();
let delayMs = 0;

function customer(externalId: string) {
  let record = customers.get(externalId);
  if (!record) {
    const now = Date.UTC(2026, 0, 1);
    record = {
      id: `cust_${externalId}`,
      externalId,
      email: `${externalId}@example.com`,
      name: 'Bench Customer',
      archived: false,
      livemode: false,
      organizationId: 'org_bench',
      invoiceNumberBase: null,
      logoURL: null,
      iconURL: null,
      domain: null,
      userId: null,
      pricingModelId: 'pm_bench',
      billingAddress: null,
      createdAt: now,
      updatedAt: now,
    };
    customers.set(externalId, record);
  }
  return record;
}

/** A type guard, not zod: a PUT's body, `{ customer: {...} }`, as cheaply as the stub answers. */
const isCustomerBody = (body: unknown): body is { customer: Record<string, unknown> } =>
  typeof body === 'object' && body !== null && 'customer' in body && typeof body.customer === 'object' && body.customer !== null;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const write = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const send = (status: number, body: unknown) => (delayMs > 0 ? setTimeout(write, delayMs, status, body) : write(status, body));
    const delay = /^\/_delay\?ms=(\d+)$/.exec(req.url ?? '');
    if (req.method === 'POST' && delay) {
      delayMs = Number(delay[1]);
      return write(200, { delayMs });
    }
    if (req.headers.authorization !== KEY) return send(401, { error: 'Unauthorized' });
    const match = /^\/api\/v1\/customers\/([^/?]+)$/.exec(req.url ?? '');
    if (!match) return send(404, { error: 'Not Found' });
    const record = customer(decodeURIComponent(match[1]!));
    if (req.method === 'PUT') {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!isCustomerBody(body)) return send(400, { error: 'Bad Request' });
      const fields = body.customer;
      for (const key of ['email', 'name', 'logoURL', 'iconURL', 'domain']) if (key in fields) record[key] = fields[key];
      record.updatedAt = Math.max(Date.now(), Number(record.updatedAt) + 1);
    }
    send(200, { customer: record });
  });
});
listenAndAnnounce(server, 'stub listening');
