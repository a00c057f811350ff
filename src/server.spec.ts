import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LogLine } from '../support/answer.js';
import { boundPort } from './listen.js';
import { answeringFailures } from './server.js';

let close: (() => void) | undefined;
afterEach(() => close?.());

/** Serves `route` through answeringFailures on a free port; answers its URL and what was logged. */
async function serve(route: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  const logged: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(LogLine.parse(JSON.parse(line))) });
  const server = createServer(answeringFailures(route, logger));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => server.close();
  return { url: `http://127.0.0.1:${boundPort(server)}`, logged };
}

describe('answeringFailures', () => {
  it.each([
    [
      'throws',
      async () => {
        throw new Error('secret detail');
      },
    ],
    [
      'rejects later',
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new TypeError('secret detail');
      },
    ],
  ])('answers a route that %s with a masked 500, and logs the error', async (_label, route) => {
    const { url, logged } = await serve(route);
    const res = await fetch(`${url}/x?y=1`, { headers: { 'x-request-id': 'failed-1' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('failed-1');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(text).not.toContain('secret');
    expect(logged).toMatchObject([{ level: 50, msg: 'request failed', method: 'GET', url: '/x?y=1', err: { message: 'secret detail' } }]);
  });

  it('cuts the connection of a route that fails after its answer began', async () => {
    const { url, logged } = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      throw new Error('midway');
    });
    await expect(fetch(url).then((res) => res.text())).rejects.toThrow();
    expect(logged).toHaveLength(1);
  });
});
