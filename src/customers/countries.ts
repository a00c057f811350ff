// Country normalization: ISO 3166-1 alpha-2 codes and English names, both ways. FlexPortal
// stores countries by name, so every code's name must read back as that code.
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

/**
 * Where the library's common name is an abbreviation ("UK", "UAE": FlexPortal refuses those as
 * codes) or names two countries ("Congo" is CG's name and CD's alias).
 */
const UNAMBIGUOUS_NAMES: Readonly<Record<string, string>> = {
  AE: 'United Arab Emirates',
  CD: 'Democratic Republic of the Congo',
  CG: 'Republic of the Congo',
  GB: 'United Kingdom',
};

/**
 * The one English name of every ISO 3166-1 alpha-2 code (the short common name: "United States",
 * "Czechia"): what FlexPortal is sent and what `Address.country` shows.
 */
export const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map(
  Object.keys(countries.getAlpha2Codes()).map((code) => [code, UNAMBIGUOUS_NAMES[code] ?? countries.getName(code, 'en', { select: 'alias' })!]),
);

const CODE_BY_NAME: ReadonlyMap<string, string> = new Map([...COUNTRY_NAMES].map(([code, name]) => [name.toLowerCase(), code]));

/** Names people use that the library does not know (lower case). */
const MORE_ALIASES: Readonly<Record<string, string>> = {
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  burma: 'MM',
  swaziland: 'SZ',
  macedonia: 'MK',
  vatican: 'VA',
  'vatican city': 'VA',
  laos: 'LA',
  'viet nam': 'VN',
};

/** The alpha-2 code for a code (any case) or an English name or alias ("UK", "Great Britain", "UAE", "USA"), or null. */
export function countryCode(value: string): string | null {
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed) && countries.isValid(trimmed)) return trimmed.toUpperCase();
  if (trimmed.length < 2) return null;
  const lower = trimmed.toLowerCase();
  return CODE_BY_NAME.get(lower) ?? countries.getAlpha2Code(trimmed, 'en') ?? MORE_ALIASES[lower] ?? null;
}

/** The English name of an alpha-2 code (any case), from COUNTRY_NAMES. */
export function countryName(code: string): string | null {
  return COUNTRY_NAMES.get(code.toUpperCase()) ?? null;
}
