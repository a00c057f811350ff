// Trusted documents: how a document's id reads, and the manifests that list them. A manifest is
// what graphql-codegen's client preset writes with `persistedDocuments: true`
// (persisted-documents.json): `{ "sha256:<hex>": "<document>" }`, the hex being the SHA-256 of
// the document's exact text, the id GraphQL-over-HTTP's persisted documents appendix names.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The id of a document: `sha256:` and the SHA-256 of its exact text, in lower-case hex. */
export const documentIdOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

const Manifest = z.record(z.string(), z.string());

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The manifest at `path`, or what is wrong with the file. */
function readManifest(path: string): Record<string, string> | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `cannot be read (${messageOf(error)})`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `is not JSON (${messageOf(error)})`;
  }
  const manifest = Manifest.safeParse(json);
  return manifest.success ? manifest.data : 'is not a persisted-documents manifest: a JSON object of document ids to documents';
}

/**
 * The documents of every manifest at `paths` by id, and what is wrong with them: a file that
 * cannot be read, is not a manifest, or holds an id that is not its document's (a manifest edited
 * by hand, or written with another `hashAlgorithm`) is a problem, each a sentence.
 */
export function loadManifests(paths: readonly string[]): { documents: Map<string, string>; problems: string[] } {
  const documents = new Map<string, string>();
  const problems: string[] = [];
  for (const path of paths) {
    const manifest = readManifest(path);
    if (typeof manifest === 'string') {
      problems.push(`${path} ${manifest}`);
      continue;
    }
    const wrong = Object.entries(manifest).filter(([id, text]) => documentIdOf(text) !== id);
    if (Object.keys(manifest).length === 0) {
      problems.push(`${path} holds no documents`);
      continue;
    }
    if (wrong.length > 0) {
      problems.push(
        `${path}: ${wrong.length} id(s) are not the sha256:<hex> of their document (the first: "${wrong[0]![0]}"); generate it with the client preset's default hashAlgorithm, sha256`,
      );
      continue;
    }
    for (const [id, text] of Object.entries(manifest)) documents.set(id, text);
  }
  return { documents, problems };
}
