// GET /graphiql/<asset>: GraphiQL's scripts and styles from the installed package (playground.ts
// says which may be served).
import type { ServerResponse } from 'node:http';
import { jsonError } from '../errors.js';
import { PLAYGROUND_ASSETS, playgroundAsset } from '../playground.js';
import { send } from './send.js';

export const isPlaygroundAsset = (path: string) => path.startsWith(PLAYGROUND_ASSETS);

/** Answers the asset a path below PLAYGROUND_ASSETS names: 400 for bad percent-encoding, 404 for anything not served. */
export async function sendPlaygroundAsset(path: string, res: ServerResponse): Promise<void> {
  const name = decodePath(path.slice(PLAYGROUND_ASSETS.length));
  if (name === null) return send(res, 400, jsonError('The URL path is not valid percent-encoding.', 'BAD_REQUEST'));
  const asset = await playgroundAsset(name);
  if (!asset) return send(res, 404, 'Not Found', 'text/plain; charset=utf-8');
  res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'public, max-age=86400' });
  res.end(asset.body);
}

/** A percent-encoded URL path decoded, or null when it is not valid percent-encoding of UTF-8. */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
