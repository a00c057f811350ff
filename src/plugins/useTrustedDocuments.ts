// Trusted documents (persisted operations): a request names a document of the manifests by its id
// instead of sending its text, and in `only` mode a document not listed is refused before it is
// parsed. Yoga's persisted-operations plugin looks the id up and gates documents sent as text; this
// plugin adds what it leaves out: the `documentId` of GraphQL-over-HTTP's persisted documents
// appendix beside Apollo's `extensions.persistedQuery.sha256Hash`, a document sent with an id it
// does not match, and errors that say what to do.
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { documentIdOf } from '../trusted-documents.js';

export interface TrustedDocumentsOptions {
  /** The trusted documents by id (`sha256:<hex>`, as the client preset's manifest keys them). */
  documents: ReadonlyMap<string, string>;
  /**
   * `allow`: a request may send a trusted document's id alone, or any document; `only`: a document
   * that is not trusted is refused (403), unless `mayRunAnyDocument` says otherwise.
   * @default 'only'
   */
  mode?: 'allow' | 'only';
  /**
   * In `only` mode, whether this request may still send any document (yoga.ts: callers with an API key).
   * @default () => false
   */
  mayRunAnyDocument?: (request: Request) => boolean;
}

const HOW =
  'name it by its id from the persisted-documents manifest: "documentId": "sha256:<hex>", or "extensions": { "persistedQuery": { "version": 1, "sha256Hash": "<hex>" } }';

const refusal = (message: string, { code, status }: { code: string; status: 400 | 403 }) =>
  createGraphQLError(message, { extensions: { code, http: { status } } });

/** The id a request names its document by, as a manifest keys it; null when it names none. */
function requestedId(params: GraphQLParams & { documentId?: unknown }, request: Request): string | null {
  if (typeof params.documentId === 'string') return params.documentId;
  const persisted: unknown = params.extensions?.persistedQuery;
  if (typeof persisted === 'object' && persisted !== null && 'sha256Hash' in persisted && typeof persisted.sha256Hash === 'string') {
    // Apollo's form is the hex alone; clients that pass the client preset's `__meta__.hash` on send it prefixed.
    return persisted.sha256Hash.startsWith('sha256:') ? persisted.sha256Hash : `sha256:${persisted.sha256Hash}`;
  }
  // A GET puts it in the URL, where Yoga's parameters do not carry it.
  return request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null;
}

/**
 * Runs trusted documents named by id (or sent as their exact text), and refuses what the mode
 * does not allow, before parsing:
 * an unknown id (400 PERSISTED_QUERY_NOT_FOUND), a document sent with an id that is not its
 * SHA-256 (400 PERSISTED_QUERY_HASH_MISMATCH), neither a document nor an id (400
 * DOCUMENT_REQUIRED), and in `only` mode a document that is not trusted (403 TRUSTED_DOCUMENTS_ONLY).
 */
export function useTrustedDocuments({ documents, mode = 'only', mayRunAnyDocument = () => false }: TrustedDocumentsOptions): Plugin {
  const ids = new WeakMap<Request, string>();
  return {
    onPluginInit({ addPlugin }) {
      // Added after this plugin: its onParams below has settled the request's id and text first.
      addPlugin(
        usePersistedOperations({
          getPersistedOperation: (id) => documents.get(id) ?? null,
          extractPersistedOperationId: (_params, request) => ids.get(request) ?? null,
          allowArbitraryOperations: mode === 'allow' || mayRunAnyDocument,
          customErrors: {
            notFound: ({ request }) =>
              refusal(`No trusted document has the id "${ids.get(request)}": the client was built with operations this service was not given.`, {
                code: 'PERSISTED_QUERY_NOT_FOUND',
                status: 400,
              }),
            keyNotFound: () =>
              refusal(mode === 'allow' ? `Send a document ("query"), or ${HOW}.` : `Send a trusted document: ${HOW}.`, {
                code: 'DOCUMENT_REQUIRED',
                status: 400,
              }),
            persistedQueryOnly: () =>
              refusal(`This service runs only trusted documents: instead of the document's text, ${HOW}. Callers with an API key may send any document.`, {
                code: 'TRUSTED_DOCUMENTS_ONLY',
                status: 403,
              }),
          },
        }),
      );
    },
    onParams({ params, request, setParams }) {
      const named = requestedId(params, request);
      // `documentId` is not a parameter Yoga knows: it goes, its id kept here.
      const { documentId: _named, query, ...rest } = params as GraphQLParams & { documentId?: unknown };
      if (query === undefined) {
        if (named === null) return;
        ids.set(request, named);
        return setParams(rest);
      }
      // Hashing the text costs microseconds; parsing it would cost more, and a refusal comes before that.
      const own = documentIdOf(query);
      if (named !== null && named !== own) {
        throw refusal(
          `The document sent is not the one its id "${named}" names (the SHA-256 of the document's exact text): send the id alone, or the document exactly as the manifest holds it.`,
          { code: 'PERSISTED_QUERY_HASH_MISMATCH', status: 400 },
        );
      }
      if (documents.has(own)) {
        // A trusted document sent as text, exactly: run as if named by its id.
        ids.set(request, own);
        return setParams(rest);
      }
      if (named !== null) setParams({ ...rest, query });
    },
  };
}
