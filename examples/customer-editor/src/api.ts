// One way to call the API: POST the typed document's id with fetch, answer its typed data; and one
// way to follow a subscription, over GraphQL over Server-Sent Events (the same POST, asking for
// `text/event-stream`).
import type { TypedDocumentString } from './gql/graphql.js';

/** Where the API is: VITE_GRAPHQL_URL when built, else `npm start`'s default. */
export const GRAPHQL_URL = import.meta.env.VITE_GRAPHQL_URL ?? 'http://localhost:4000/graphql';

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A request the API refused as a whole (top-level `errors`, or no answer at all). */
export class ApiError extends Error {}

/**
 * The request for `document`: its id in the persisted-documents manifest (codegen's
 * replaceDocumentWithHash: there is no text to send). With API_KEYS or JWTs configured, the
 * caller's token goes into its headers as `authorization: Bearer …`.
 */
function request<R, V>(document: TypedDocumentString<R, V>, variables: V, accept: string): RequestInit {
  const documentId: unknown = document.__meta__?.hash;
  if (typeof documentId !== 'string') throw new ApiError('The operation has no document id: run `npm run codegen` in the repository root.');
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ documentId, variables }),
  };
}

/** The data of an answer, or ApiError with its top-level errors. */
function dataOf<R>(body: GraphQLResponse<R>, status: number): R {
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => `${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ''}`).join('\n'));
  if (!body.data) throw new ApiError(`The API answered ${status} without data.`);
  return body.data;
}

export async function execute<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  const response = await fetch(GRAPHQL_URL, request(document, variables, 'application/graphql-response+json'));
  return dataOf<R>(await response.json(), response.status);
}

/** The `data:` of each `next` event of an SSE stream, until the stream ends. */
async function* nextEvents(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffered += decoder.decode(read.value, { stream: true });
    for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
      const lines = buffered.slice(0, end).split('\n');
      buffered = buffered.slice(end + 2);
      // `:` lines are the server's keep-alive pings; `complete` ends the stream.
      if (lines.includes('event: next')) {
        yield lines
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
      }
    }
  }
}

/** The longest pause before following again after the stream ended or failed. */
const MAX_RETRY_MS = 30_000;

/**
 * Follows a subscription: hands each event's data to `onData`, until the answer is stop(). A
 * stream that ends (the replica shut down) or fails (the network) is followed again after a
 * pause (1 s, doubling up to 30 s); one the API refused (top-level `errors`, e.g. FORBIDDEN)
 * goes to `onRefused` and is not.
 */
export function subscribe<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  onData: (data: R) => void,
  onRefused: (error: ApiError) => void,
): () => void {
  const stopped = new AbortController();
  void (async () => {
    for (let pauseMs = 1000; !stopped.signal.aborted; pauseMs = Math.min(MAX_RETRY_MS, pauseMs * 2)) {
      try {
        const response = await fetch(GRAPHQL_URL, { ...request(document, variables, 'text/event-stream'), signal: stopped.signal });
        if (!response.body) throw new ApiError(`The API answered ${response.status} without a stream.`);
        for await (const data of nextEvents(response.body)) {
          onData(dataOf<R>(JSON.parse(data), response.status));
          pauseMs = 1000;
        }
      } catch (error) {
        if (stopped.signal.aborted) return;
        if (error instanceof ApiError) return onRefused(error);
      }
      await new Promise((resume) => setTimeout(resume, pauseMs));
    }
  })();
  return () => stopped.abort();
}
