// Request bodies read before Yoga runs: how many bytes may be arriving at once, from everyone and
// from one client address, and reading one into a single buffer of its declared size.
import type { Readable } from 'node:stream';

/**
 * What a body is charged at admission: all of a small one (so that, once admitted, it is never cut
 * for room), the first RESERVED_BYTES of a larger one. Beyond that a body is charged for what
 * arrives, never for what it declares: a Content-Length with nothing behind it holds no more than this.
 */
export const RESERVED_BYTES = 64 * 1024;

/** One admitted body: `receive` charges what has arrived so far (false: no room for it), `release` counts it all out. */
export interface PendingBody {
  receive(received: number): boolean;
  release(): void;
}

/**
 * The bytes of request bodies still arriving, bounded as a whole (`limit`) and per client address
 * (`perClient`), so that many slow senders cannot make the process hold more than `limit`, and no
 * one address can take more than `perClient` of it.
 */
export class PendingBodies {
  #pending = 0;
  readonly #byClient = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly perClient: number,
  ) {}

  /** Admits a body of `length` bytes from `client` if its reservation fits; null when it does not. */
  admit(client: string, length: number): PendingBody | null {
    let charged = Math.min(length, RESERVED_BYTES);
    if (!this.#charge(client, charged)) return null;
    let open = true;
    return {
      receive: (received) => {
        if (!open) return false;
        if (received <= charged) return true;
        if (!this.#charge(client, received - charged)) return false;
        charged = received;
        return true;
      },
      release: () => {
        if (!open) return;
        open = false;
        this.#charge(client, -charged);
      },
    };
  }

  /** Adds `bytes` (negative: removes them) if they fit under both limits; false, and nothing added, when not. */
  #charge(client: string, bytes: number): boolean {
    const ofClient = (this.#byClient.get(client) ?? 0) + bytes;
    if (bytes > 0 && (this.#pending + bytes > this.limit || ofClient > this.perClient)) return false;
    this.#pending += bytes;
    if (ofClient === 0) this.#byClient.delete(client);
    else this.#byClient.set(client, ofClient);
    return true;
  }
}

/** Chunks at least this big are kept until their body is complete; smaller ones are copied at once. */
export const KEPT_CHUNK_BYTES = 32 * 1024;

/** Why a body was not read: the client left, it had no room (`receive` said false), or nothing arrived for `idleMs`. */
export type Unread = 'closed' | 'no-room' | 'stalled';

/**
 * Reads a body of `length` bytes (the Content-Length, which Node's parser holds the sender to)
 * into one buffer of exactly that size. The buffer is uninitialised memory: its pages take room
 * only as bytes are written into them. Chunks of KEPT_CHUNK_BYTES or more are kept and copied in
 * at the end: copied as they came, each would be left behind as garbage, and V8 lets some 32 MB
 * of young buffers pile up before it collects them, on top of the bodies themselves. Smaller
 * chunks are copied at once, so a body trickled in a few bytes at a time holds no object per
 * packet. Each chunk is first charged through `receive`; a body that finds no room, or sends
 * nothing for `idleMs`, is left unread (its later chunks are not listened to).
 */
export function readBody(
  stream: Readable,
  length: number,
  { receive = () => true, idleMs = 0 }: { receive?: (received: number) => boolean; idleMs?: number } = {},
): Promise<Buffer | Unread> {
  const body = Buffer.allocUnsafeSlow(length);
  const kept: { chunk: Buffer; at: number }[] = [];
  let received = 0;
  return new Promise((resolve) => {
    const idle = idleMs > 0 ? setTimeout(() => done('stalled'), idleMs) : undefined;
    const done = (result: Buffer | Unread) => {
      clearTimeout(idle);
      stream.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      idle?.refresh();
      if (!receive(Math.min(received + chunk.length, length))) return done('no-room');
      if (received + chunk.length <= length) {
        if (chunk.length >= KEPT_CHUNK_BYTES) kept.push({ chunk, at: received });
        else chunk.copy(body, received);
      }
      received += chunk.length;
    };
    const onEnd = () => {
      if (received !== length) return done('closed');
      for (const { chunk, at } of kept) chunk.copy(body, at);
      done(body);
    };
    const onClose = () => done('closed');
    stream.on('data', onData).once('end', onEnd).once('close', onClose).once('error', onClose);
  });
}
