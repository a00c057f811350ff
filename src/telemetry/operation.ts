// Which operation a GraphQL request runs, and the bounded label it is counted under.
import { getOperationAST, type DocumentNode } from 'graphql';

export interface OperationInfo {
  /** The operation's own name; null when anonymous. */
  name: string | null;
  /** query, mutation or subscription; null when the document holds no such operation. */
  type: string | null;
}

/** The operation `operationName` selects in `document` (the only one when no name is given). */
export function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationInfo {
  const operation = getOperationAST(document, operationName);
  return { name: operation?.name?.value ?? null, type: operation?.operation ?? null };
}

/** What a GraphQL name may be (the spec's Name), capped at 64 characters. */
const LABEL = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Labels of their own: an operation named like them counts as `other`. */
const RESERVED: ReadonlySet<string> = new Set(['anonymous', 'other']);

/**
 * Operation names as metric labels. Callers choose them, so each distinct name becomes a time
 * series only while there are fewer than `max`; later new names, and names that are not plain
 * GraphQL names of at most 64 characters, count as `other`. Anonymous operations are
 * `anonymous`. Known operations (the playground's, the gateway's) come first in practice and keep
 * their own series.
 */
export class OperationLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  label(name: string | null): string {
    if (name === null) return 'anonymous';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max || !LABEL.test(name) || RESERVED.has(name)) return 'other';
    this.seen.add(name);
    return name;
  }
}
