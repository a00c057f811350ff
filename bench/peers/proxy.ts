// The limit: a bare Node proxy doing the same upstream call with the same HTTP client (an undici
// keep-alive Pool). POST /update {id, email} → PUT upstream; GET /customer/:id → GET upstream.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = new Pool(process.env.STUB_URL!, { connections: 64 });
const headers = { authorization: 'sk_test_emulator', accept: 'application/json' };

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let path: string;
  let body: string | undefined;
  if (req.method === 'POST' && req.url === '/update') {
    const { id, email } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; email: string };
    path = `/api/v1/customers/${encodeURIComponent(id)}`;
    body = JSON.stringify({ customer: { email } });
  } else {
    path = `/api/v1/customers/${encodeURIComponent((req.url ?? '').replace('/customer/', ''))}`;
  }
  const answer = await upstream.request({
    method: body ? 'PUT' : 'GET',
    path,
    body,
    headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
  });
  const text = await answer.body.text();
  res.writeHead(answer.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'proxy listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
