// One load run with autocannon, in its own process: argv[2] is the JSON run description.
// In path and body, `{{n}}` is a per-request counter (every update really changes something)
// and `{{id}}` one of 1000 customers, as a backend key or as this service's global ID.
import autocannon from 'autocannon';
import { encodeCustomerId } from '../src/customers/global-id.js';

interface Run {
  url: string;
  path: string;
  method: 'GET' | 'POST' | 'PUT';
  ids: 'key' | 'global';
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}

const run = JSON.parse(process.argv[2]!) as Run;
let n = 0;
const id = (k: number) => (run.ids === 'global' ? encodeCustomerId({ source: 'flowglad', externalId: `bench-${k}` }) : `bench-${k}`);
const fill = (template: string) => template.replaceAll('{{n}}', `${process.pid}-${n}`).replaceAll('{{id}}', id(n % 1000));
const result = await autocannon({
  url: run.url,
  connections: run.connections,
  duration: run.seconds,
  requests: [
    {
      method: run.method,
      headers: run.headers,
      setupRequest: (request) => {
        n++;
        const path = fill(run.path);
        return run.body ? { ...request, path, body: fill(run.body) } : { ...request, path };
      },
    },
  ],
});
console.log(
  JSON.stringify({
    requests: result.requests.total,
    requestsPerSec: result.requests.total / run.seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }),
);
