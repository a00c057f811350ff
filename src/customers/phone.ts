// Phone numbers are stored in E.164; anything parseable as an international number is accepted,
// as long as nothing the caller sent would be lost on the way.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A stored number as E.164 when it reads as one without loss ("+46 70-111 22 33" as entered with
 * an order), else as stored: comparing it with what an update sends must not see a change that
 * is only spacing, and a number that does not parse is still shown rather than hidden.
 */
export function storedPhone(value: string | null): string | null {
  if (value === null) return null;
  const parsed = toE164(value);
  return 'e164' in parsed ? parsed.e164 : value;
}

/** The E.164 form of a number, or why it cannot be stored (a sentence that follows the field's name). */
export function toE164(value: string): { e164: string } | { problem: string } {
  // extract: false, or "call +46 70 123 45 67 now" would be stored as the number alone.
  const parsed = parsePhoneNumberFromString(value, { extract: false });
  if (!parsed?.isValid()) return { problem: 'must be a valid phone number in international format, e.g. +46 70 123 45 67.' };
  // E.164 has no room for an extension: storing the number alone would drop it silently.
  if (parsed.ext) return { problem: 'has an extension, and extensions cannot be stored: send the number without one.' };
  return { e164: parsed.number };
}
