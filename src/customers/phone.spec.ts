import { describe, expect, it } from 'vitest';
import { storedPhone, toE164 } from './phone.js';

describe('toE164', () => {
  it.each([
    ['+46 70 123 45 67', '+46701234567'],
    ['+46701234567', '+46701234567'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+49 30 12345678', '+493012345678'],
  ])('writes the international number %j as %s', (value, e164) => {
    expect(toE164(value)).toEqual({ e164 });
  });

  it.each([
    ['a national number (no country to read it in)', '070-123 45 67'],
    ['letters', 'call me'],
    ['nothing', ''],
    ['too few digits', '+46 70'],
    ['an unassigned country code', '+999 123 456 789'],
    ['a possible length with an area code no one has', '+1 123 456 7890'],
    ['too many digits', '+46 70 123 45 67 89 01'],
    ['a number inside other words, which would be dropped', 'call +46 70 123 45 67 now'],
  ])('refuses %s (%j)', (_, value) => {
    expect(toE164(value)).toEqual({ problem: 'must be a valid phone number in international format, e.g. +46 70 123 45 67.' });
  });

  it.each(['+46 70 123 45 67 ext. 89', '+1 415 555 2671 x12'])('refuses %j: an extension cannot be stored', (value) => {
    expect(toE164(value)).toEqual({ problem: 'has an extension, and extensions cannot be stored: send the number without one.' });
  });
});

describe('storedPhone', () => {
  it.each([
    ['+46 70-111 22 33', '+46701112233'],
    ['+46701112233', '+46701112233'],
    ['+1 (415) 555-2671', '+14155552671'],
  ])('reads the stored number %j as %s', (stored, read) => {
    expect(storedPhone(stored)).toBe(read);
  });

  it.each(['070-111 22 33', '+46 70 123 45 67 ext. 89', 'ask reception'])('shows %j as stored: it does not read as E.164 without loss', (stored) => {
    expect(storedPhone(stored)).toBe(stored);
  });

  it('reads no number as null', () => {
    expect(storedPhone(null)).toBeNull();
  });
});
