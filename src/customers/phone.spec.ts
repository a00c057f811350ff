import { describe, expect, it } from 'vitest';
import { toE164 } from './phone.js';

describe('toE164', () => {
  it.each([
    ['+46 70 123 45 67', '+46701234567'],
    ['+46701234567', '+46701234567'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('writes the international number %j as %s', (value, e164) => {
    expect(toE164(value)).toBe(e164);
  });

  it.each([
    ['070-123 45 67', 'SE', '+46701234567'],
    ['(415) 555-2671', 'US', '+14155552671'],
  ])('reads the national number %j in %s', (value, country, e164) => {
    expect(toE164(value, country)).toBe(e164);
  });

  it.each([
    ['a national number without a country', '070-123 45 67', undefined],
    ['a national number with the country null', '070-123 45 67', null],
    ['letters', 'call me', undefined],
    ['nothing', '', undefined],
    ['too few digits', '+46 70', undefined],
    ['an unassigned country code', '+999 123 456 789', undefined],
    ['a possible length with an area code no one has', '+1 123 456 7890', undefined],
    ['too many digits', '+46 70 123 45 67 89 01', undefined],
  ])('gives null for %s (%j)', (_, value, country) => {
    expect(toE164(value, country)).toBeNull();
  });
});
