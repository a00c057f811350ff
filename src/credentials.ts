// Credentials as callers present them: the bearer token of an Authorization header, and API keys
// compared in constant time. One module, so useAuth and /metrics read a credential alike.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The credential of an `Authorization: Bearer <credential>` header; undefined when it is not one. */
export function bearerCredential(header: string | null | undefined): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
}

/** Which of `apiKeys` a credential is (its index, -1 for none), in time that does not say which key came close. */
export function apiKeyIndex(apiKeys: readonly string[]): (given: string) => number {
  // Equal-length digests let every key be compared in constant time, whatever its length.
  const keyDigests = apiKeys.map(digest);
  return (given) => {
    const givenDigest = digest(given);
    // No early exit.
    return keyDigests.reduce((found, key, index) => (timingSafeEqual(key, givenDigest) ? index : found), -1);
  };
}

/** Whether a credential is one of `apiKeys`, in time that does not say which key came close. */
export function apiKeyCheck(apiKeys: readonly string[]): (given: string) => boolean {
  const indexOf = apiKeyIndex(apiKeys);
  return (given) => indexOf(given) >= 0;
}
