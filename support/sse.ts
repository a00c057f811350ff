// A GraphQL over SSE client in "distinct connections" mode, the way Yoga serves subscriptions: one
// POST with `Accept: text/event-stream` per subscription, answered by a stream of `next` events
// and one `complete`, with `:` comment lines as keep-alive pings. The tests and the bench use it.
import type { z } from 'zod';
import { GraphQLAnswer } from './answer.js';

type Answer = z.infer<typeof GraphQLAnswer>;

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface Subscription {
  /** The HTTP status of the answer. */
  status: number;
  /** Keep-alive pings received so far. */
  readonly pings: number;
  /** The next `next` event's payload, or null once the stream completed or was cut; rejects when none comes within `timeoutMs`. */
  next(timeoutMs?: number): Promise<Answer | null>;
  /** Leaves: cancels the stream, which closes the connection. */
  close(): Promise<void>;
}

/** Subscribes with `body` (`{ query, variables }`); resolves once the answer's headers arrived. */
export async function subscribe(url: string, body: unknown, headers: Record<string, string> = {}, fetchWith: Fetch = fetch): Promise<Subscription> {
  const aborted = new AbortController();
  const response = await fetchWith(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify(body),
    signal: aborted.signal,
  });
  if (!response.body) throw new Error(`no stream: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  let pings = 0;
  let ended = false;
  /** The next event block's payload, reading more of the stream as needed. */
  const nextEvent = async (): Promise<Answer | null> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const lines = block.split('\n');
        if (lines.every((line) => line.startsWith(':'))) {
          pings++;
          continue;
        }
        const event = lines
          .find((line) => line.startsWith('event:'))
          ?.slice(6)
          .trim();
        const data = lines
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (event === 'complete') return null;
        return GraphQLAnswer.parse(JSON.parse(data));
      }
      if (ended) return null;
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) ended = true;
      else buffered += value;
    }
  };
  let reading: Promise<Answer | null> | null = null;
  return {
    status: response.status,
    get pings() {
      return pings;
    },
    async next(timeoutMs = 10_000) {
      // A read cut off by the timeout goes on: the next call waits for the same event.
      reading ??= nextEvent();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const event = await Promise.race([reading, timedOut]);
        reading = null;
        return event;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
      aborted.abort();
    },
  };
}
