// GraphiQL served entirely from this process: Yoga's page with its assets taken from the
// installed @graphql-yoga/graphiql package instead of a CDN, so the playground also works
// where the browser cannot reach the internet.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, sep } from 'node:path';
import { renderGraphiQL, type GraphiQLOptions } from 'graphql-yoga';

export const PLAYGROUND_ASSETS = '/graphiql/';
/** The page's icon inline (GraphQL's pink), so the browser neither fetches Yoga's from GitHub nor asks for a /favicon.ico that is not there. */
const FAVICON = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><circle cx='8' cy='8' r='7' fill='%23e10098'/></svg>";

const dist = join(dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')), 'dist');
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
/** The asset names (paths below dist, `/`-separated) that may be served: nothing else can be, whatever the URL. */
const ASSETS = new Set(
  readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((name) => extname(name) in TYPES)
    .map((name) => name.split(sep).join('/')),
);

export function renderPlayground(options: GraphiQLOptions): string {
  // GraphiQL 5 fills the first tab from `initialQuery`; `defaultQuery` only seeds new tabs. Yoga's
  // type does not list it yet, but its page passes every option on to GraphiQL.
  const withInitialQuery: GraphiQLOptions & { initialQuery: string | undefined } = { ...options, initialQuery: options.defaultQuery };
  return renderGraphiQL(withInitialQuery)
    .replace(/https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[^/]+\/dist\//g, PLAYGROUND_ASSETS)
    .replace(/<link rel=icon href=https:[^>]*>/, `<link rel=icon href="${FAVICON}">`);
}

/** A GraphiQL asset by name (the decoded URL path below PLAYGROUND_ASSETS), or null when there is none. */
export async function playgroundAsset(name: string): Promise<{ type: string; body: Buffer } | null> {
  if (!ASSETS.has(name)) return null;
  return { type: TYPES[extname(name)]!, body: await readFile(join(dist, name)) };
}
