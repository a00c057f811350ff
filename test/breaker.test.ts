// The circuit breaker of a source, on a server of its own so no earlier failure is in its window.
import { describe, expect, it } from 'vitest';
import { CustomerByExternalIdDocument } from './generated/graphql.js';
import { scrape, value } from './support/metrics.js';
import { timed, useStack } from './support/stack.js';

const stack = useStack({
  BACKEND_TIMEOUT_MS: '300',
  BACKEND_DEADLINE_MS: '2500',
  BACKEND_RETRIES: '2',
  BACKEND_RETRY_BASE_MS: '50',
  BREAKER_FAILURE_RATE: '0.5',
  BREAKER_WINDOW_MS: '2000',
  BREAKER_MIN_RPS: '4',
  BREAKER_HALF_OPEN_MS: '1000',
});

const read = (source: string, externalId: string) => stack.graphql.execute(CustomerByExternalIdDocument, { source, externalId });

describe('circuit breaker', () => {
  it('opens the circuit when most attempts in the window fail, fails fast while open, and closes after a probe', async () => {
    await stack.flowglad.fault({ count: 100, status: 503 });
    // The window needs 8 attempts (4/s over 2 s). The startup probe's success is one of them
    // (cockatiel drops a sample only when its slot of the window comes round again, on a later
    // attempt, however long ago it was): 7 failures make 8 and open the circuit, so the third
    // read's last two attempts are refused without reaching the source.
    for (let i = 0; i < 3; i++) await read('flowglad', 'acme-corp');
    const seen = (await stack.flowglad.requests()).length;
    expect(seen).toBe(7);

    const [open, ms] = await timed(() => read('flowglad', 'acme-corp'));
    expect(open.errors![0]!.extensions).toMatchObject({ code: 'BACKEND_UNAVAILABLE', source: 'flowglad' });
    expect(open.errors![0]!.message).toContain('paused');
    expect(ms).toBeLessThan(100);
    expect((await stack.flowglad.requests()).length).toBe(seen);
    // Readiness and metrics say so, and the service stays ready: the other source works.
    const base = stack.graphql.url.replace(/\/graphql$/, '');
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded', sources: { flowglad: { state: 'circuit_open' } } });
    expect(value(await scrape(`${base}/metrics`), 'customer_graph_backend_circuit_state', { source: 'flowglad' })).toBe(2);
    // The other source is not affected.
    expect((await read('flexportal', 'cus_1001')).data!.customerByExternalId!.name).toBe('Emma Larsson');

    await stack.flowglad.control('DELETE', 'faults');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const probe = await read('flowglad', 'acme-corp');
    expect(probe.data!.customerByExternalId!.name).toBe('Wile Coyote');
    const closed = await read('flowglad', 'globex');
    expect(closed.data!.customerByExternalId!.name).toBe('Hank Scorpio');
    expect((await stack.flowglad.requests()).length).toBe(seen + 2);
    expect(value(await scrape(`${base}/metrics`), 'customer_graph_backend_circuit_state', { source: 'flowglad' })).toBe(0);
    expect(await (await fetch(`${base}/ready`)).json()).toMatchObject({ status: 'ready', sources: { flowglad: { state: 'ok' } } });
  });
});
