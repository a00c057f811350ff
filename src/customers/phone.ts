// Phone numbers are stored in E.164; anything parseable as an international number is accepted.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** The E.164 form of a number, or null when it is not a valid number. */
export function toE164(value: string, defaultCountry?: string | null): string | null {
  const parsed = parsePhoneNumberFromString(value, (defaultCountry ?? undefined) as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}
