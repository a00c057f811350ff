// plugin-relay's options: this service's global ID codec (IDs never change), one `node(id)`
// field (no `nodes`), and a description on everything Relay generates.
import { customerLocalId, encodeGlobalId, readCustomerId, readOrRefuse } from '../customers/global-id.js';
import { LIMITS } from '../customers/validation.js';
import { localIdScope } from './access.js';

export const relayOptions = {
  clientMutationId: 'omit',
  cursorType: 'String',
  encodeGlobalID: (typename: string, id: string | number | bigint) => encodeGlobalId(typename, String(id)),
  // Customers are the only nodes: anything else is not an ID of this API.
  decodeGlobalID: (globalID: string) => ({ typename: 'Customer', id: customerLocalId(readOrRefuse(readCustomerId(globalID, 'id'))) }),
  nodeTypeOptions: { description: 'An object with a globally unique, opaque ID.' },
  idFieldOptions: { description: 'The global ID: encodes the source and the backend key; opaque, URL-safe, stable across updates.' },
  nodeQueryOptions: {
    description: 'Any object by its global ID; null when it does not exist.',
    args: { id: { description: `A global ID, as returned in \`id\`. At most ${LIMITS.id} characters.` } },
    authScopes: (_root: unknown, { id }: { id: { id: string } }) => localIdScope(id.id, 'id'),
  },
  nodesQueryOptions: false,
  pageInfoTypeOptions: { description: 'Where a page of a connection ends (Relay). Paging runs forward only.' },
  hasNextPageFieldOptions: { description: 'Whether more items follow `endCursor`.' },
  hasPreviousPageFieldOptions: { description: 'Always false: the backends page forward only.' },
  startCursorFieldOptions: { description: 'Not tracked (forward paging only); always null.' },
  endCursorFieldOptions: { description: 'Pass as `after` to get the next page.' },
  pageInfoFieldOptions: { description: 'Paging information.' },
  edgesFieldOptions: { description: 'The items on this page.', nullable: { list: false, items: false } },
  cursorFieldOptions: { description: 'Pass as `after` to continue after this item.' },
  nodeFieldOptions: { description: 'The item.', nullable: false },
  nodesOnConnection: { description: 'The items on this page, without cursors.' },
} as const;
