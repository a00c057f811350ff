import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromZodIssues, type UserError } from './user-error.js';
import { LIMITS, cleanText, country, domain, email, phone, text, url } from './validation.js';

const ENGLAND = '\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}';

describe('cleanText', () => {
  it.each([
    ['trims spaces', '  Ada  ', 'Ada'],
    ['trims any Unicode space', '\u00a0\u3000Ada\u2003', 'Ada'],
    ['trims zero-width and direction marks', '\u200bAda\u200e\u200f\u2060\ufeff', 'Ada'],
    ['trims a mix of both', '  Ada\u200b ', 'Ada'],
    ['removes zero-width space, word joiner and BOM inside', 'A\u200bd\u2060a\ufeff!', 'Ada!'],
    ['keeps ZWJ inside (emoji sequences need it)', 'Family \u{1f468}\u200d\u{1f469}', 'Family \u{1f468}\u200d\u{1f469}'],
    ['keeps ZWNJ inside (Persian needs it)', 'می\u200cخواهم', 'می\u200cخواهم'],
    ['trims ZWJ and ZWNJ at the ends', '\u200dAda\u200c', 'Ada'],
    ['normalizes to NFC', 'Zoe\u0308', 'Zoë'],
    ['keeps an emoji tag sequence at the end whole', `Team ${ENGLAND}`, `Team ${ENGLAND}`],
    ['keeps it after trimming what follows it', `Team ${ENGLAND} \u200b`, `Team ${ENGLAND}`],
    ['trims invisible tag characters that are not an emoji', 'Ada\u{e0041}\u{e007f}', 'Ada'],
    ['keeps characters outside the BMP', '𝔄da 😀', '𝔄da 😀'],
    ['keeps a visible character among fillers and marks', '\u3164e\u0301', '\u3164é'],
    ['keeps an emoji with its variation selector', '\u2764\ufe0f', '\u2764\ufe0f'],
  ])('%s', (_label, input, output) => {
    expect(cleanText(input, 100)).toEqual({ text: output });
  });

  it.each([
    ['NUL', 'Ada\u0000Lovelace', 'INVALID', 'must not contain control characters.'],
    ['an ANSI escape', '\u001b[31mAda', 'INVALID', 'must not contain control characters.'],
    ['a tab', 'Ada\tLovelace', 'INVALID', 'must not contain control characters.'],
    ['a newline at the end (not trimmed away)', 'Ada\n', 'INVALID', 'must not contain control characters.'],
    ['DEL', 'Ada\u007f', 'INVALID', 'must not contain control characters.'],
    ['a C1 control (NEL)', 'Ada\u0085', 'INVALID', 'must not contain control characters.'],
    ['a C1 control (CSI)', 'Ada\u009b31m', 'INVALID', 'must not contain control characters.'],
    ['a line separator', 'Ada\u2028Lovelace', 'INVALID', 'must not contain control characters.'],
    ['a bidi override', 'Ada\u202eecalevoL', 'INVALID', 'must not contain bidirectional control characters (they reorder what people see).'],
    ['a bidi override at an end', '\u202aAda', 'INVALID', 'must not contain bidirectional control characters (they reorder what people see).'],
    ['a bidi isolate', 'Ada\u2066x\u2069', 'INVALID', 'must not contain bidirectional control characters (they reorder what people see).'],
    ['a lone surrogate', 'Ada\ud800', 'INVALID', 'must be valid Unicode text (it holds a lone surrogate).'],
    ['the empty string', '', 'TOO_SHORT', 'must not be empty.'],
    ['only spaces', '   ', 'TOO_SHORT', 'must not be empty.'],
    ['only a zero-width space', '\u200b', 'TOO_SHORT', 'must not be empty.'],
    ['only invisible characters', '\ufeff\u2060\u200d\u00ad', 'TOO_SHORT', 'must not be empty.'],
    ['only a Hangul filler', '\u3164', 'TOO_SHORT', 'must hold a visible character (it holds only invisible ones).'],
    ['only blank Braille patterns', '\u2800\u2800', 'TOO_SHORT', 'must hold a visible character (it holds only invisible ones).'],
    ['only a variation selector', '\ufe0f', 'TOO_SHORT', 'must hold a visible character (it holds only invisible ones).'],
    ['only combining marks', '\u0301\u0308\u20dd', 'TOO_SHORT', 'must hold a visible character (it holds only invisible ones).'],
    ['fillers and marks between spaces', ' \u115f\u1160\uffa0\u034f\u0301 ', 'TOO_SHORT', 'must hold a visible character (it holds only invisible ones).'],
    ['a value over the limit', 'x'.repeat(11), 'TOO_LONG', 'must be at most 10 characters long.'],
  ])('refuses %s', (_label, input, code, message) => {
    expect(cleanText(input, 10)).toEqual({ problem: { code, message } });
  });

  it('counts the length after cleaning', () => {
    expect(cleanText(`  ${'x'.repeat(10)}\u200b  `, 10)).toEqual({ text: 'x'.repeat(10) });
  });

  it.each([
    ['500 KB of letters', 'x'.repeat(500_000)],
    // 50 KB: enough for /[\s]+$/ to take seconds (quadratic backtracking), small enough not to hang the run.
    ['50 KB of spaces between letters', `x${' '.repeat(50_000)}x`],
    ['500 KB of spaces around a letter', `${' '.repeat(250_000)}x${' '.repeat(250_000)}`],
    ['500 KB of zero-width spaces between letters', 'x\u200b'.repeat(250_000)],
  ])('is linear: %s', (_label, input) => {
    // Linear takes tens of milliseconds here; the quadratic regression it guards against takes seconds
    // at 50 KB. The bound is wide because the machine running the suite is shared.
    const start = performance.now();
    cleanText(input, 100);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

/** The user errors a schema reports for a value at input.<field>, as the mutation reports them. */
function userErrors(schema: z.ZodType, value: unknown, field = 'firstName'): UserError[] {
  const result = z.object({ input: z.object({ [field]: schema }) }).safeParse({ input: { [field]: value } });
  return result.success ? [] : fromZodIssues(result.error.issues);
}

describe('field schemas', () => {
  it.each(
    (
      [
        ['firstName', '\u200b', 'TOO_SHORT', 'firstName must not be empty.', text(LIMITS.part)],
        ['firstName', 'Ada\u0000', 'INVALID', 'firstName must not contain control characters.', text(LIMITS.part)],
        ['firstName', 'x'.repeat(101), 'TOO_LONG', 'firstName must be at most 100 characters long.', text(LIMITS.part)],
        ['email', ' \u200b ', 'TOO_SHORT', 'email must not be empty.', email],
        ['email', 'ada@exa\u202emple.com', 'INVALID', 'email must not contain bidirectional control characters (they reorder what people see).', email],
        ['email', 'not-an-email', 'INVALID', 'email must be a valid email address, e.g. ada@example.com.', email],
        ['logoUrl', 'https://example.com/\u0000', 'INVALID', 'logoUrl must not contain control characters.', url],
        ['domain', `${'a'.repeat(250)}.com`, 'TOO_LONG', 'domain must be at most 253 characters long.', domain],
        ['phone', '+46 70 123 45 67 ext. 89', 'INVALID', 'phone has an extension, and extensions cannot be stored: send the number without one.', phone],
        ['phone', '+46 70 123 45 67 x89', 'INVALID', 'phone has an extension, and extensions cannot be stored: send the number without one.', phone],
        ['phone', 'call +46 70 123 45 67 now', 'INVALID', 'phone must be a valid phone number in international format, e.g. +46 70 123 45 67.', phone],
        ['phone', '+46 70 123 45 67\n', 'INVALID', 'phone must not contain control characters.', phone],
        ['country', 'x'.repeat(500_000), 'TOO_LONG', 'country must be at most 100 characters long.', country],
        ['country', 'Swe\u0000den', 'INVALID', 'country must not contain control characters.', country],
        ['country', '\u200b', 'TOO_SHORT', 'country must not be empty.', country],
        ['clientMutationId', 'm\u001b[2J', 'INVALID', 'clientMutationId must not contain control characters.', text(LIMITS.clientMutationId)],
      ] as const
    ).map(([field, value, code, message, schema]) => ({ field, value, code, message, schema })),
  )('$field → $code: $message', ({ field, value, code, message, schema }) => {
    expect(userErrors(schema, value, field)).toEqual([{ field: ['input', field], code, message }]);
  });

  it.each([
    ['firstName', '  Ada\u200b ', 'Ada', text(LIMITS.part)],
    ['email', ' ada@example.com\u200b', 'ada@example.com', email],
    ['logoUrl', '\ufeffhttps://example.com/logo.png', 'https://example.com/logo.png', url],
    ['domain', ' Example.COM\u200e', 'example.com', domain],
    ['phone', '\u00a0+46 70 123 45 67\u200b', '+46701234567', phone],
    ['country', ' Sweden\u2060', 'SE', country],
    ['country', 'se', 'SE', country],
  ])('%s %j is cleaned to %j', (field, value, cleaned, schema) => {
    expect(z.object({ [field]: schema }).parse({ [field]: value })).toEqual({ [field]: cleaned });
  });

  it('refuses a 500 KB country as TOO_LONG before looking it up, fast', () => {
    const start = performance.now();
    expect(userErrors(country, 'Sweden'.repeat(100_000), 'country')[0]!.code).toBe('TOO_LONG');
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
