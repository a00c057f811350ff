// Graceful shutdown: SIGTERM turns /ready to 503, in-flight mutations finish, open subscriptions
// are ended, the process exits 0.
import { setTimeout as sleep } from 'node:timers/promises';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subscribe } from '../support/sse.js';
import { CustomerChangedDocument } from './generated/graphql.js';
import { globalId, startStack, timed } from './support/stack.js';
import { update } from './support/update.js';

describe('graceful shutdown', () => {
  it('finishes a slow update that is in flight when SIGTERM arrives', async () => {
    const stack = await startStack({ SHUTDOWN_DELAY_MS: '300', BACKEND_TIMEOUT_MS: '5000' });
    try {
      const base = stack.graphql.url.replace('/graphql', '');
      await stack.flexportal.fault({ count: 2, latencyMs: 700 }); // both the read and the write are slow
      const pending = update(stack, 'flexportal', 'cus_1002', { company: 'Finished Before Exit' });
      await sleep(200);
      stack.server.child.kill('SIGTERM');
      await sleep(100);
      expect((await fetch(`${base}/ready`)).status).toBe(503);
      expect((await fetch(`${base}/health`)).status).toBe(200);

      const result = await pending;
      expect(result.data!.updateCustomer.userErrors).toEqual([]);
      expect(result.data!.updateCustomer.customer!.company).toBe('Finished Before Exit');
      expect(await stack.server.exited).toBe(0);
      expect((await stack.flexportal.record('cus_1002')).company).toBe('Finished Before Exit');
      expect(stack.server.output.join('\n')).toContain('shutting down');
    } finally {
      await stack.server.stop();
      await stack.emulators.stop();
    }
  });

  it('ignores a second SIGTERM (logging it): the in-flight update still answers in full, then "stopped" and exit 0', async () => {
    const stack = await startStack({ SHUTDOWN_DELAY_MS: '0', BACKEND_TIMEOUT_MS: '5000' });
    try {
      await stack.flexportal.fault({ count: 2, latencyMs: 1500 }); // the read and the write: ~3 s in flight
      const pending = update(stack, 'flexportal', 'cus_1002', { company: 'Despite Two Signals' });
      await sleep(200);
      stack.server.child.kill('SIGTERM');
      await sleep(300);
      stack.server.child.kill('SIGTERM');

      const result = await pending;
      expect(result.data!.updateCustomer.userErrors).toEqual([]);
      expect(result.data!.updateCustomer.customer!.company).toBe('Despite Two Signals');
      expect(await stack.server.exited).toBe(0);
      const lines = stack.server.output.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg?: string; signal?: string });
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'already shutting down: signal ignored', signal: 'SIGTERM' }));
      expect(lines.at(-1)).toMatchObject({ msg: 'stopped' });
    } finally {
      await stack.server.stop();
      await stack.emulators.stop();
    }
  });

  it('ends open subscriptions on SIGTERM, each with `complete`, and exits 0 at once rather than after SHUTDOWN_TIMEOUT_MS', async () => {
    // The default 30 s timeout: streams left open would hold the exit that long.
    const stack = await startStack({ SHUTDOWN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '30000' });
    try {
      const body = { query: print(CustomerChangedDocument), variables: { id: globalId('flexportal', 'cus_1001') } };
      const streams = await Promise.all(Array.from({ length: 5 }, () => subscribe(stack.graphql.url, body)));
      stack.server.child.kill('SIGTERM');
      const [ends, tookMs] = await timed(() => Promise.all(streams.map((stream) => stream.next())));
      expect(ends).toEqual([null, null, null, null, null]);
      expect(await stack.server.exited).toBe(0);
      expect(tookMs).toBeLessThan(5000);
    } finally {
      await stack.server.stop();
      await stack.emulators.stop();
    }
  });
});
