// What a valid input value is, field by field. Runs before any backend call.
import { z } from 'zod';
import { countryCode } from './countries.js';
import { toE164 } from './phone.js';
import type { UserErrorCode } from './user-error.js';

// Generous bounds against abuse; a backend with tighter rules refuses the value itself (REJECTED_BY_BACKEND).
// Every string input has one, checked before anything looks the value up.
export const LIMITS = {
  name: 300,
  part: 100,
  line: 200,
  postalCode: 20,
  email: 254,
  url: 2048,
  domain: 253,
  phone: 40,
  /** The longest English country name is 44 characters. */
  country: 100,
  /** A global customer ID (base64url). */
  id: 1000,
  /** A backend's own key (Flowglad externalId, FlexPortal customerId). */
  key: 255,
  /** Source names are configured as at most 40 characters. */
  source: 40,
  cursor: 2048,
  clientMutationId: 200,
  idempotencyKey: 255,
} as const;

/** C0, DEL and C1 (\p{Cc}: line breaks and tabs too), and the Unicode line and paragraph separators. */
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;
/** Bidi embeddings, overrides and isolates: they reorder what people see around them. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
/** A UTF-16 surrogate without its pair: not text, and no URL or JSON encoder takes it faithfully. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Invisible characters that mean nothing anywhere: zero-width space, word joiner, byte order mark. */
const INVISIBLE_NOISE = /[\u200b\u2060\ufeff]/g;
/** What is trimmed at both ends: any Unicode space and any invisible format character (\p{Cf}). */
const TRIMMED = /^[\s\p{Cf}]$/u;
/**
 * A character that shows something: not white space, not a format character, not a mark (it
 * only changes the character before it), not default-ignorable (Hangul fillers, variation
 * selectors…), not the blank Braille pattern.
 */
const VISIBLE = /[^\s\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}\u2800]/u;
/** The flags of England, Scotland and Wales end in tag characters, which are \p{Cf} but part of the emoji. */
const EMOJI_TAG_SEQUENCE_AT_END = /\u{1f3f4}[\u{e0020}-\u{e007e}]{1,32}\u{e007f}$/u;

/** Why a string's characters can never be stored, whatever else it holds; null when they can. */
export function characterProblem(value: string): string | null {
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  if (CONTROL_CHARACTERS.test(value)) return 'must not contain control characters';
  if (BIDI_CONTROLS.test(value)) return 'must not contain bidirectional control characters (they reorder what people see)';
  return null;
}

/**
 * Drops white space and format characters from both ends. A loop rather than a regex: a trailing
 * class like /[\s]+$/ backtracks quadratically over a long run of spaces followed by a letter.
 */
function trimInvisible(value: string): string {
  let start = 0;
  while (start < value.length) {
    const first = String.fromCodePoint(value.codePointAt(start)!);
    if (!TRIMMED.test(first)) break;
    start += first.length;
  }
  let end = value.length;
  while (end > start) {
    const width = end - start >= 2 && /[\udc00-\udfff]/.test(value[end - 1]!) ? 2 : 1;
    const last = value.slice(end - width, end);
    if (!TRIMMED.test(last)) break;
    if (last === '\u{e007f}' && EMOJI_TAG_SEQUENCE_AT_END.test(value.slice(Math.max(start, end - 70), end))) break;
    end -= width;
  }
  return value.slice(start, end);
}

export interface TextProblem {
  code: Extract<UserErrorCode, 'INVALID' | 'TOO_SHORT' | 'TOO_LONG'>;
  /** Follows the field's name: "firstName must not be empty." */
  message: string;
}

/**
 * The one cleaning step every string input goes through: NFC; control and bidi control characters
 * refused; white space and invisible format characters trimmed from both ends; zero-width space,
 * word joiner and BOM removed inside (ZWJ and ZWNJ stay: scripts and emoji need them); then it must
 * hold a visible character and be at most `max` characters.
 */
export function cleanText(value: string, max: number): { text: string } | { problem: TextProblem } {
  const invalid = characterProblem(value);
  if (invalid) return { problem: { code: 'INVALID', message: `${invalid}.` } };
  const text = trimInvisible(value.normalize('NFC')).replace(INVISIBLE_NOISE, '');
  if (text === '') return { problem: { code: 'TOO_SHORT', message: 'must not be empty.' } };
  if (!VISIBLE.test(text)) return { problem: { code: 'TOO_SHORT', message: 'must hold a visible character (it holds only invisible ones).' } };
  if (text.length > max) return { problem: { code: 'TOO_LONG', message: `must be at most ${max} characters long.` } };
  return { text };
}

/** A cleaned string (see `cleanText`); its problems carry their user error code for `fromZodIssues`. */
export const text = (max: number) =>
  z.string().transform((value, ctx) => {
    const cleaned = cleanText(value, max);
    if ('text' in cleaned) return cleaned.text;
    ctx.addIssue({ code: 'custom', message: cleaned.problem.message, params: { code: cleaned.problem.code } });
    return z.NEVER;
  });

export const email = text(LIMITS.email).pipe(z.email({ error: 'must be a valid email address, e.g. ada@example.com.' }));

export const url = text(LIMITS.url).pipe(z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL, e.g. https://example.com/logo.png.' }));

export const domain = text(LIMITS.domain).pipe(
  z
    .string()
    .toLowerCase()
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
      error: 'must be a domain name such as example.com (no scheme, no path).',
    }),
);

export const phone = text(LIMITS.phone).transform((value, ctx) => {
  const parsed = toE164(value);
  if ('e164' in parsed) return parsed.e164;
  ctx.addIssue({ code: 'custom', message: parsed.problem });
  return z.NEVER;
});

/**
 * An idempotency key, kept as given (never trimmed or normalized: it is an opaque token the caller
 * compares byte for byte): 1 to 255 printable ASCII characters, as the IETF draft's
 * Idempotency-Key header allows.
 */
export const idempotencyKey = z
  .string()
  .min(1)
  .max(LIMITS.idempotencyKey)
  .regex(/^[\x20-\x7e]*$/, { error: 'must be printable ASCII characters (space to ~), e.g. a UUID.' });

/** A country as an ISO 3166-1 alpha-2 code or an English name; the output is the code. */
export const country = text(LIMITS.country).transform((value, ctx) => {
  const code = countryCode(value);
  if (code) return code;
  ctx.addIssue({
    code: 'custom',
    message: `"${value}" is not a known country: give an ISO 3166-1 alpha-2 code (SE) or an English name (Sweden).`,
  });
  return z.NEVER;
});
