// GraphiQL served entirely from this process: Yoga's page with its assets taken from the
// installed @graphql-yoga/graphiql package instead of a CDN, so the playground also works
// where the browser cannot reach the internet.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { renderGraphiQL, type GraphiQLOptions } from 'graphql-yoga';

export const PLAYGROUND_ASSETS = '/graphiql/';

const dist = join(dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')), 'dist');
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

export function renderPlayground(options: GraphiQLOptions): string {
  // GraphiQL 5 fills the first tab from `initialQuery`; `defaultQuery` only seeds new tabs.
  return renderGraphiQL({ ...options, initialQuery: options.defaultQuery } as GraphiQLOptions)
    .replace(/https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[^/]+\/dist\//g, PLAYGROUND_ASSETS)
    .replace(/<link rel=icon href=https:[^>]*>/, '');
}

/** A GraphiQL asset by URL path (below PLAYGROUND_ASSETS), or null when there is none. */
export async function playgroundAsset(path: string): Promise<{ type: string; body: Buffer } | null> {
  const relative = normalize(decodeURIComponent(path.slice(PLAYGROUND_ASSETS.length)));
  const type = TYPES[relative.slice(relative.lastIndexOf('.'))];
  if (!type || relative.startsWith('..') || relative.startsWith('/')) return null;
  return readFile(join(dist, relative)).then(
    (body) => ({ type, body }),
    () => null,
  );
}
