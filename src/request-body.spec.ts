import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KEPT_CHUNK_BYTES, PendingBodies, readBody } from './request-body.js';

describe('PendingBodies', () => {
  it('admits bodies until their declared sizes would exceed the limit, and no further', () => {
    const pending = new PendingBodies(100);
    expect(pending.admit(60)).toBeTypeOf('function');
    expect(pending.admit(40)).toBeTypeOf('function');
    expect(pending.admit(1)).toBeNull();
  });

  it('counts a body out once, however often it is released', () => {
    const pending = new PendingBodies(100);
    const first = pending.admit(60)!;
    pending.admit(40);
    first();
    first();
    expect(pending.admit(60)).toBeTypeOf('function');
    expect(pending.admit(1)).toBeNull();
  });

  it('leaves nothing counted for a body it refused', () => {
    const pending = new PendingBodies(100);
    expect(pending.admit(101)).toBeNull();
    expect(pending.admit(100)).toBeTypeOf('function');
  });
});

describe('readBody', () => {
  const bytes = (length: number, seed: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 7 + seed) % 256));

  it('assembles large chunks (kept) and small ones (copied) into one buffer of exactly the length', async () => {
    const chunks = [bytes(KEPT_CHUNK_BYTES, 1), bytes(10, 2), bytes(KEPT_CHUNK_BYTES + 5, 3), bytes(1, 4)];
    const expected = Buffer.concat(chunks);
    const body = await readBody(Readable.from(chunks), expected.length);
    expect(body!.equals(expected)).toBe(true);
    expect(body!.buffer.byteLength).toBe(expected.length);
  });

  it('reads a body trickled in one byte at a time', async () => {
    const expected = bytes(5000, 9);
    const body = await readBody(Readable.from([...expected].map((byte) => Buffer.from([byte]))), expected.length);
    expect(body!.equals(expected)).toBe(true);
  });

  it('answers null for a body that ends short of its length, or runs past it', async () => {
    expect(await readBody(Readable.from([bytes(10, 1)]), 11)).toBeNull();
    expect(await readBody(Readable.from([bytes(10, 1), bytes(KEPT_CHUNK_BYTES, 2)]), 10 + KEPT_CHUNK_BYTES - 1)).toBeNull();
  });

  it('answers null when the stream is closed or fails before the body is complete', async () => {
    const closed = new PassThrough();
    const closedRead = readBody(closed, 100);
    closed.write(bytes(10, 1));
    closed.destroy();
    expect(await closedRead).toBeNull();

    const failed = new PassThrough();
    const failedRead = readBody(failed, 100);
    failed.destroy(new Error('aborted'));
    expect(await failedRead).toBeNull();
  });
});
