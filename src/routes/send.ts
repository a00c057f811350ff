// The one way a route outside GraphQL answers: a whole body with its type and length.
import type { ServerResponse } from 'node:http';

export function send(res: ServerResponse, status: number, body: string, type = 'application/json') {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
