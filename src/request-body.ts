// Request bodies read before Yoga runs: how many bytes may be arriving at once, and reading one
// into a single buffer of its declared size.
import type { Readable } from 'node:stream';

/**
 * The bytes of request bodies still arriving, counted by their declared Content-Length and
 * bounded as a whole, so that many slow senders cannot make the process hold more than `limit`.
 */
export class PendingBodies {
  #pending = 0;

  constructor(readonly limit: number) {}

  /**
   * Counts `bytes` in if they fit under the limit, and answers the function that counts them
   * out again (once, however often it is called); null when they do not fit.
   */
  admit(bytes: number): (() => void) | null {
    if (this.#pending + bytes > this.limit) return null;
    this.#pending += bytes;
    let admitted = true;
    return () => {
      if (!admitted) return;
      admitted = false;
      this.#pending -= bytes;
    };
  }
}

/** Chunks at least this big are kept until their body is complete; smaller ones are copied at once. */
export const KEPT_CHUNK_BYTES = 32 * 1024;

/**
 * Reads a body of `length` bytes (the Content-Length, which Node's parser holds the sender to)
 * into one buffer of exactly that size. Chunks of KEPT_CHUNK_BYTES or more are kept and copied in
 * at the end: copied as they came, each would be left behind as garbage, and V8 lets some 32 MB
 * of young buffers pile up before it collects them, on top of the bodies themselves. Smaller
 * chunks are copied at once, so a body trickled in a few bytes at a time holds no object per
 * packet. Resolves null when the stream closes or fails first, or ends at another length.
 */
export function readBody(stream: Readable, length: number): Promise<Buffer | null> {
  const body = Buffer.allocUnsafeSlow(length);
  const kept: { chunk: Buffer; at: number }[] = [];
  let received = 0;
  return new Promise((resolve) => {
    const done = (result: Buffer | null) => {
      stream.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (received + chunk.length <= length) {
        if (chunk.length >= KEPT_CHUNK_BYTES) kept.push({ chunk, at: received });
        else chunk.copy(body, received);
      }
      received += chunk.length;
    };
    const onEnd = () => {
      if (received !== length) return done(null);
      for (const { chunk, at } of kept) chunk.copy(body, at);
      done(body);
    };
    const onClose = () => done(null);
    stream.on('data', onData).once('end', onEnd).once('close', onClose).once('error', onClose);
  });
}
