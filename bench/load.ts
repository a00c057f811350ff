// One load run with autocannon, in its own process: argv[2] is the JSON run description. Answers
// carrying GraphQL `errors` count as errors, like connection errors and timeouts.
// In path and body, `{{n}}` is a per-request counter (every update really changes something)
// and `{{id}}` one of 1000 customers, as a backend key or as this service's global ID.
import autocannon from 'autocannon';
import { encodeCustomerId } from '../src/customers/global-id.js';
import { LoadRun, type LoadResult } from './load-protocol.js';

const run = LoadRun.parse(JSON.parse(process.argv[2]!));
let n = 0;
const id = (k: number) => (run.ids === 'global' ? encodeCustomerId({ source: 'flowglad', externalId: `bench-${k}` }) : `bench-${k}`);
const fill = (template: string) => template.replaceAll('{{n}}', `${process.pid}-${n}`).replaceAll('{{id}}', id(n % 1000));
// autocannon's own percentiles are whole milliseconds; these come from each response's exact time.
const latencies: number[] = [];
// A GraphQL error comes with a 200: each answer is looked at for one, so no target is measured failing.
let graphqlErrors = 0;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const options: autocannon.Options = {
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
        onResponse: (_status, body) => {
          if (body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  };
  const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
  instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
});
latencies.sort((a, b) => a - b);
const percentile = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(3));
const answer: LoadResult = {
  requests: result.requests.total,
  requestsPerSec: result.requests.total / run.seconds,
  p50Ms: percentile(50),
  p99Ms: percentile(99),
  errors: result.errors + result.timeouts + graphqlErrors,
  non2xx: result.non2xx,
};
console.log(JSON.stringify(answer));
