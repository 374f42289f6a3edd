import { describe, expect, it } from 'vitest';
import { formatDate, formatReadingTime, pluralize } from './format';

describe('formatDate', () => {
  it('writes every day of a year as Intl’s French long date does', () => {
    const intl = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
    for (let day = 0; day < 366; day += 1) {
      const date = new Date(2028, 0, 1 + day, 12);
      expect(formatDate(date.toISOString())).toBe(intl.format(date));
    }
  });

  it('answers an empty string for a missing or malformed date', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate('')).toBe('');
    expect(formatDate('pas une date')).toBe('');
  });
});

describe('pluralize', () => {
  it('agrees with Intl’s French plural rules for counts a page shows', () => {
    const rules = new Intl.PluralRules('fr-FR');
    for (const count of [0, 1, 2, 3, 10, 21, 100, 1001]) {
      const expected = rules.select(count) === 'one' ? 'commentaire' : 'commentaires';
      expect(pluralize(count, 'commentaire', 'commentaires')).toBe(`${count} ${expected}`);
    }
  });
});

describe('formatReadingTime', () => {
  it('never says less than a minute', () => {
    expect(formatReadingTime(0)).toBe('1 min de lecture');
    expect(formatReadingTime(null)).toBe('1 min de lecture');
    expect(formatReadingTime(4.4)).toBe('4 min de lecture');
  });
});
