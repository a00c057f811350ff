import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { COUNTRY_NAMES, countryCode, countryName } from './countries.js';

describe('countryCode', () => {
  it.each([
    ['SE', 'SE'],
    ['se', 'SE'],
    ['Se', 'SE'],
    [' no ', 'NO'],
    ['us', 'US'],
  ])('reads the alpha-2 code %j in any case as %s', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    ['Sweden', 'SE'],
    ['sweden', 'SE'],
    ['SWEDEN', 'SE'],
    ['  Norway ', 'NO'],
    ['United States', 'US'],
    ['Germany', 'DE'],
    ['Qatar', 'QA'],
  ])('reads the English name %j as %s', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    ['United States of America', 'US'],
    ['USA', 'US'],
    ['Great Britain', 'GB'],
    ['United Kingdom', 'GB'],
    ['Czech Republic', 'CZ'],
    ['Ivory Coast', 'CI'],
    ['South Korea', 'KR'],
  ])('reads the alias %j as %s', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    ['an unassigned code', 'XX'],
    ['another unassigned code', 'ZZ'],
    ['an alpha-3 code', 'SWE'],
    ['one letter', 'S'],
    ['an unknown name', 'Atlantis'],
    ['a name in another language', 'Deutschland'],
    ['nothing', ''],
    ['blanks', '   '],
  ])('gives null for %s (%j)', (_, value) => {
    expect(countryCode(value)).toBeNull();
  });
});

describe('countryName', () => {
  it.each([
    ['SE', 'Sweden'],
    ['NO', 'Norway'],
    ['DE', 'Germany'],
    ['US', 'United States'],
    ['us', 'United States'],
  ])('names %s in English as %j (the common name, not the official long form)', (code, name) => {
    expect(countryName(code)).toBe(name);
  });

  it.each(['XX', 'ZZ', ''])('gives null for the unknown code %j', (code) => {
    expect(countryName(code)).toBeNull();
  });

  // FlexPortal stores countries by name, so every code must read back as itself.
  const codes = Object.keys(countries.getAlpha2Codes());

  it(`reads the name of each of the ${codes.length} codes back as the same code`, () => {
    const lost = codes.filter((code) => countryCode(countryName(code) ?? '') !== code);
    expect(lost).toEqual([]);
  });

  it('gives every code its own name, none an abbreviation FlexPortal would take for a code', () => {
    const names = codes.map((code) => COUNTRY_NAMES.get(code) ?? '');
    expect(new Set(names).size).toBe(codes.length);
    // FlexPortal takes anything of three letters or fewer for a code and refuses it.
    expect(names.filter((name) => name.length <= 3)).toEqual([]);
  });

  it.each([
    ['GB', 'United Kingdom'],
    ['AE', 'United Arab Emirates'],
    ['CD', 'Democratic Republic of the Congo'],
    ['CG', 'Republic of the Congo'],
  ])('names %s %j, not an abbreviation or a name two countries share', (code, name) => {
    expect(countryName(code)).toBe(name);
    expect(countryCode(name)).toBe(code);
  });
});

describe('aliases', () => {
  it.each([
    ['UK', 'GB'],
    ['uk', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['UAE', 'AE'],
    ['USA', 'US'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['Burma', 'MM'],
    ['Swaziland', 'SZ'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
    ['Congo', 'CG'],
  ])('reads %j as %s', (alias, code) => {
    expect(countryCode(alias)).toBe(code);
  });
});
