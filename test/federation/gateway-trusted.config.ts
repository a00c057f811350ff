// Hive Gateway's configuration for trusted documents at the gateway: it runs only the documents of
// the manifests in TRUSTED_DOCUMENTS, and calls the customers subgraph with an API key of its own
// (CUSTOMERS_API_KEY), as a server-to-server caller. The same options as docs/federation.md shows
// for the `hive-gateway` CLI, typed by the runtime the tests run.
import { readFileSync } from 'node:fs';
import type { GatewayConfigBase } from '@graphql-hive/gateway-runtime';

const documents = new Map<string, string>(
  (process.env.TRUSTED_DOCUMENTS ?? '').split(',').flatMap((path) => Object.entries(JSON.parse(readFileSync(path.trim(), 'utf8')))),
);

export const gatewayConfig: GatewayConfigBase<Record<string, unknown>> = {
  persistedDocuments: {
    // Hive Gateway passes `documentId` as sent, and `sha256Hash` without the manifest's `sha256:`.
    getPersistedOperation: (id) => documents.get(id) ?? documents.get(`sha256:${id}`) ?? null,
    // The service's codes and statuses, so that a client reads a refusal alike with the gateway or without.
    customErrors: {
      persistedQueryOnly: {
        message: 'This API runs only trusted documents: send the document\'s id ("documentId": "sha256:<hex>") instead of its text.',
        extensions: { code: 'TRUSTED_DOCUMENTS_ONLY', http: { status: 403 } },
      },
      notFound: { message: 'No trusted document has this id.', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
      keyNotFound: { message: 'Send a trusted document\'s id ("documentId").', extensions: { code: 'DOCUMENT_REQUIRED', http: { status: 400 } } },
    },
  },
  transportEntries: {
    // This service's API key, for the customers subgraph alone.
    customers: { headers: [['authorization', `Bearer ${process.env.CUSTOMERS_API_KEY}`]] },
  },
};
