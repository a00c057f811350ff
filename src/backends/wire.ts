// Shapes both backends' wire schemas and settings share.
import { z } from 'zod';

/** A source's base URL: http(s) with a host, or the start refuses it (anything else would fail in the HTTP client with a stack). */
export const sourceUrl = z.url({ protocol: /^https?$/, hostname: /./, error: 'must be an http(s) URL with a host, such as https://api.example.com' });

/** A string field the backend may send as a string, null, or not at all; read as string | null. */
export const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
