// An identity provider for tests: signing keys, tokens, and a JWKS endpoint over HTTP.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { portOf } from '../../support/net.js';

export const ISSUER = 'https://id.example.test/';
export const AUDIENCE = 'customer-graph';

export interface SigningKey {
  kid: string;
  /** RS256 and ES256 are what the server accepts; others (ES384, PS256…) test that it refuses them. */
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function signingKey(alg: string, kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export const jwksOf = (...keys: SigningKey[]): JSONWebKeySet => ({ keys: keys.map((key) => key.publicJwk) });

const now = () => Math.floor(Date.now() / 1000);

/**
 * A token signed with `key`: by default valid for 5 minutes, for ISSUER and AUDIENCE, with no
 * scope; `claims` add or override (undefined removes one), `header` overrides the JWS header.
 */
export function token(key: SigningKey, claims: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> {
  const payload = { iss: ISSUER, aud: AUDIENCE, sub: 'test-client', iat: now(), exp: now() + 300, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey);
}

/** The Authorization header that presents `credential` (a token or an API key). */
export const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/** Seconds from now, for `exp`, `nbf` and `iat`. */
export const fromNow = (seconds: number) => now() + seconds;

/** Serves a key set at `url` (as an identity provider's jwks_uri) until closed; `keys` can be swapped (rotation). */
export async function serveJwks(initial: JSONWebKeySet) {
  let jwks = initial;
  let fetches = 0;
  let failing = false;
  const server = createServer((_req, res) => {
    fetches++;
    if (failing) {
      res.writeHead(500);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${portOf(server)}/.well-known/jwks.json`,
    /** How many times the key set was fetched. */
    fetches: () => fetches,
    set: (next: JSONWebKeySet) => {
      jwks = next;
    },
    /** Answer 500 (an identity provider that is down) until called with false. */
    fail: (down: boolean) => {
      failing = down;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
