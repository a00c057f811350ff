// The limit: a bare Node proxy doing the same upstream calls with the same HTTP client (an undici
// keep-alive Pool). POST /update {id, email} → PUT upstream; POST /read-update → GET then PUT
// upstream (the least any update that reads before it writes must do); GET /customer/:id → GET.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { listenAndAnnounce } from '../announce.js';

const upstream = new Pool(process.env.STUB_URL!, { connections: 64 });
const headers = { authorization: 'sk_test_emulator', accept: 'application/json' };
const putHeaders = { ...headers, 'content-type': 'application/json' };
const customerPath = (id: string) => `/api/v1/customers/${encodeURIComponent(id)}`;

async function call(method: 'GET' | 'PUT', path: string, body?: string) {
  const answer = await upstream.request({ method, path, body, headers: body ? putHeaders : headers });
  return { status: answer.statusCode, text: await answer.body.text() };
}

/** A type guard, not zod: this peer is the bare-Node limit the service is measured against. */
const isUpdate = (body: unknown): body is { id: string; email: string } =>
  typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string' && 'email' in body && typeof body.email === 'string';

async function answer(req: AsyncIterable<Buffer> & { method?: string; url?: string }) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  if (req.method !== 'POST') return call('GET', customerPath((req.url ?? '').replace('/customer/', '')));
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  if (!isUpdate(body)) return { status: 400, text: '{"error":"expected {id, email}"}' };
  const { id, email } = body;
  if (req.url === '/read-update') {
    const read = await call('GET', customerPath(id));
    if (read.status !== 200) return read;
  }
  return call('PUT', customerPath(id), JSON.stringify({ customer: { email } }));
}

const server = createServer(async (req, res) => {
  const { status, text } = await answer(req);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
});
listenAndAnnounce(server, 'proxy listening');
