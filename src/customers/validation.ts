// What a valid input value is, field by field. Runs before any backend call.
import { z } from 'zod';
import { countryCode } from './countries.js';
import { toE164 } from './phone.js';

/** Trims, refuses blank strings, and caps the length. */
export const text = (max: number) => z.string().trim().min(1).max(max);

export const email = z.string().trim().max(254).pipe(z.email({ error: 'must be a valid email address, e.g. ada@example.com.' }));

export const url = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL, e.g. https://example.com/logo.png.' }));

export const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: 'must be a domain name such as example.com (no scheme, no path).',
  });

export const phone = z
  .string()
  .trim()
  .max(40)
  .transform((value, ctx) => {
    const e164 = toE164(value);
    if (e164) return e164;
    ctx.addIssue({ code: 'custom', message: 'must be a valid phone number in international format, e.g. +46 70 123 45 67.' });
    return z.NEVER;
  });

/** A country as an ISO 3166-1 alpha-2 code or an English name; the output is the code. */
export const country = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const code = countryCode(value);
    if (code) return code;
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a known country: give an ISO 3166-1 alpha-2 code (SE) or an English name (Sweden).`,
    });
    return z.NEVER;
  });

// Generous bounds against abuse; a backend with tighter rules refuses the value itself (REJECTED_BY_BACKEND).
export const LIMITS = { name: 300, part: 100, line: 200, postalCode: 20 } as const;
