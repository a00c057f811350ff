import { setImmediate as settled } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

/** A task that runs until the test lets it finish, recording when it starts and ends. */
function gate(log: string[], name: string) {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    open = () => resolve(name);
    fail = reject;
  });
  const task = async () => {
    log.push(`${name} start`);
    try {
      return await done;
    } finally {
      log.push(`${name} end`);
    }
  };
  return { task, open, fail };
}

/** The keys the mutex still remembers (its queue tails). */
const remembered = (mutex: KeyedMutex) => (mutex as unknown as { tails: Map<string, unknown> }).tails;

describe('KeyedMutex', () => {
  it('runs tasks with the same key one after another, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(log, name));
    const results = [mutex.run('k', a!.task), mutex.run('k', b!.task), mutex.run('k', c!.task)];

    await settled();
    expect(log).toEqual(['a start']);
    b!.open();
    await settled();
    expect(log).toEqual(['a start']);
    a!.open();
    c!.open();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('runs tasks with different keys in parallel', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const [a, b] = ['a', 'b'].map((name) => gate(log, name));
    const results = [mutex.run('one', a!.task), mutex.run('two', b!.task)];

    await settled();
    expect(log).toEqual(['a start', 'b start']);
    b!.open();
    await expect(results[1]).resolves.toBe('b');
    a!.open();
    await expect(results[0]).resolves.toBe('a');
  });

  it('passes a failure to its caller and still runs the next task of that key', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const [a, b] = ['a', 'b'].map((name) => gate(log, name));
    const first = mutex.run('k', a!.task);
    const second = mutex.run('k', b!.task);

    a!.fail(new Error('backend down'));
    await expect(first).rejects.toThrow('backend down');
    b!.open();
    await expect(second).resolves.toBe('b');
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('does not let a task that throws before awaiting block the key', async () => {
    const mutex = new KeyedMutex();
    const throwing = () => {
      throw new Error('sync throw');
    };
    await expect(mutex.run('k', throwing)).rejects.toThrow('sync throw');
    await expect(mutex.run('k', async () => 'next')).resolves.toBe('next');
  });

  it('forgets a key once its last task has settled, whether it succeeded or failed', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(log, name));
    const results = Promise.allSettled([mutex.run('k', a!.task), mutex.run('k', b!.task), mutex.run('other', c!.task)]);

    expect([...remembered(mutex).keys()]).toEqual(['k', 'other']);
    a!.open();
    await settled();
    // b is still queued behind a's key.
    expect([...remembered(mutex).keys()]).toEqual(['k', 'other']);
    b!.fail(new Error('refused'));
    c!.open();
    await results;
    expect(remembered(mutex).size).toBe(0);
  });
});
