// One way to call the API: POST the typed document's id with fetch, answer its typed data.
import type { TypedDocumentString } from './gql/graphql.js';

/** Where the API is: VITE_GRAPHQL_URL when built, else `npm start`'s default. */
export const GRAPHQL_URL = import.meta.env.VITE_GRAPHQL_URL ?? 'http://localhost:4000/graphql';

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A request the API refused as a whole (top-level `errors`, or no answer at all). */
export class ApiError extends Error {}

export async function execute<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  // The operation's id in the persisted-documents manifest (codegen's replaceDocumentWithHash: there is no text to send).
  const documentId: unknown = document.__meta__?.hash;
  if (typeof documentId !== 'string') throw new ApiError('The operation has no document id: run `npm run codegen` in the repository root.');
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    // With API_KEYS or JWTs configured, the caller's token goes here as `authorization: Bearer …`.
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ documentId, variables }),
  });
  const body: GraphQLResponse<R> = await response.json();
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => `${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ''}`).join('\n'));
  if (!body.data) throw new ApiError(`The API answered ${response.status} without data.`);
  return body.data;
}
