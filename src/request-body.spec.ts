import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KEPT_CHUNK_BYTES, PendingBodies, RESERVED_BYTES, readBody } from './request-body.js';

describe('PendingBodies', () => {
  const KB = 1024;

  it('reserves all of a small body and the first RESERVED_BYTES of a large one, whatever it declares', () => {
    const pending = new PendingBodies(4 * RESERVED_BYTES, 4 * RESERVED_BYTES);
    expect(pending.admit('a', 10 * KB)).not.toBeNull();
    for (let i = 0; i < 3; i++) expect(pending.admit('a', 1_048_576)).not.toBeNull();
    // 10 KB + 3 reservations held: 54 KB left, short of another reservation but room for a small body.
    expect(pending.admit('a', 1_048_576)).toBeNull();
    expect(pending.admit('a', 54 * KB)).not.toBeNull();
    expect(pending.admit('a', 1)).toBeNull();
  });

  it('charges a large body for what has arrived beyond its reservation, and says when that has no room', () => {
    const pending = new PendingBodies(RESERVED_BYTES + 100 * KB, 1_048_576);
    const large = pending.admit('a', 1_048_576)!;
    expect(large.receive(RESERVED_BYTES)).toBe(true);
    expect(large.receive(RESERVED_BYTES + 100 * KB)).toBe(true);
    expect(pending.admit('b', 1)).toBeNull();
    expect(large.receive(RESERVED_BYTES + 100 * KB + 1)).toBe(false);
    large.release();
    expect(pending.admit('b', RESERVED_BYTES + 100 * KB)).not.toBeNull();
  });

  it('bounds what one client address holds, leaving room for the others', () => {
    const pending = new PendingBodies(10 * RESERVED_BYTES, 2 * RESERVED_BYTES);
    expect(pending.admit('stranger', 1_048_576)).not.toBeNull();
    expect(pending.admit('stranger', 1_048_576)).not.toBeNull();
    expect(pending.admit('stranger', 1)).toBeNull();
    expect(pending.admit('caller', 1_048_576)).not.toBeNull();
  });

  it('counts a body out once, however often it is released, and charges nothing after', () => {
    const pending = new PendingBodies(100, 100);
    const first = pending.admit('a', 60)!;
    pending.admit('a', 40);
    first.release();
    first.release();
    expect(first.receive(60)).toBe(false);
    expect(pending.admit('a', 60)).not.toBeNull();
    expect(pending.admit('a', 1)).toBeNull();
  });

  it('leaves nothing counted for a body it refused', () => {
    const pending = new PendingBodies(100, 100);
    expect(pending.admit('a', 101)).toBeNull();
    expect(pending.admit('a', 100)).not.toBeNull();
  });
});

describe('readBody', () => {
  const bytes = (length: number, seed: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 7 + seed) % 256));

  it('assembles large chunks (kept) and small ones (copied) into one buffer of exactly the length', async () => {
    const chunks = [bytes(KEPT_CHUNK_BYTES, 1), bytes(10, 2), bytes(KEPT_CHUNK_BYTES + 5, 3), bytes(1, 4)];
    const expected = Buffer.concat(chunks);
    const body = (await readBody(Readable.from(chunks), expected.length)) as Buffer;
    expect(body.equals(expected)).toBe(true);
    expect(body.buffer.byteLength).toBe(expected.length);
  });

  it('reads a body trickled in one byte at a time', async () => {
    const expected = bytes(5000, 9);
    const body = (await readBody(Readable.from([...expected].map((byte) => Buffer.from([byte]))), expected.length)) as Buffer;
    expect(body.equals(expected)).toBe(true);
  });

  it('answers closed for a body that ends short of its length, or runs past it', async () => {
    expect(await readBody(Readable.from([bytes(10, 1)]), 11)).toBe('closed');
    expect(await readBody(Readable.from([bytes(10, 1), bytes(KEPT_CHUNK_BYTES, 2)]), 10 + KEPT_CHUNK_BYTES - 1)).toBe('closed');
  });

  it('answers closed when the stream is closed or fails before the body is complete', async () => {
    const closed = new PassThrough();
    const closedRead = readBody(closed, 100);
    closed.write(bytes(10, 1));
    closed.destroy();
    expect(await closedRead).toBe('closed');

    const failed = new PassThrough();
    const failedRead = readBody(failed, 100);
    failed.destroy(new Error('aborted'));
    expect(await failedRead).toBe('closed');
  });

  it('stops at the first chunk that has no room, answering no-room', async () => {
    const charged: number[] = [];
    const stream = Readable.from([bytes(10, 1), bytes(10, 2), bytes(10, 3)]);
    const receive = (received: number) => {
      charged.push(received);
      return received <= 20;
    };
    expect(await readBody(stream, 30, { receive })).toBe('no-room');
    expect(charged).toEqual([10, 20, 30]);
  });

  it('answers stalled when nothing arrives for idleMs, however long the body has been arriving', async () => {
    const stream = new PassThrough();
    const started = Date.now();
    const read = readBody(stream, 100, { idleMs: 150 });
    for (let i = 0; i < 4; i++) {
      stream.write(bytes(1, i));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await read).toBe('stalled');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});
