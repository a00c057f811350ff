// Country normalization: ISO 3166-1 alpha-2 codes and English names, both ways.
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

/** The alpha-2 code for a code (any case) or an English name or alias, or null. */
export function countryCode(value: string): string | null {
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return countries.isValid(trimmed) ? trimmed.toUpperCase() : null;
  return countries.getAlpha2Code(trimmed, 'en') ?? null;
}

/** The common English name for an alpha-2 code ("United States", not the official long form). */
export function countryName(code: string): string | null {
  return countries.getName(code, 'en', { select: 'alias' }) ?? null;
}
