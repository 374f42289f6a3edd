import { describe, expect, it } from 'vitest';
import { SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, searchFromQuery, searchWords } from './search';

describe('searchFromQuery', () => {
  it('trims the search and collapses its spaces', () => {
    expect(searchFromQuery('  premier   emploi\n')).toBe('premier emploi');
  });

  it('takes the first of repeated ?q= and ignores a missing one', () => {
    expect(searchFromQuery(['cv', 'emploi'])).toBe('cv');
    expect(searchFromQuery(undefined)).toBe('');
    expect(searchFromQuery(null)).toBe('');
  });

  it(`keeps the first ${SEARCH_MAX_LENGTH} characters only`, () => {
    expect(searchFromQuery('a'.repeat(500))).toHaveLength(SEARCH_MAX_LENGTH);
  });
});

describe('searchWords', () => {
  it('splits the search into lower-case words, each once', () => {
    expect(searchWords('CV premier Emploi cv')).toEqual(['cv', 'premier', 'emploi']);
  });

  it('leaves out one-letter words and punctuation, unless nothing else is left', () => {
    expect(searchWords('« Développeur » à Dakar, l’emploi !')).toEqual(['développeur', 'dakar', 'l’emploi']);
    expect(searchWords('à')).toEqual(['à']);
  });

  it('answers no word for an empty search', () => {
    expect(searchWords('')).toEqual([]);
    expect(searchWords(' ?! ')).toEqual([]);
  });

  it(`looks for ${SEARCH_MAX_WORDS} words at most`, () => {
    const many = Array.from({ length: 20 }, (_, index) => `mot${index}`).join(' ');
    expect(searchWords(many)).toHaveLength(SEARCH_MAX_WORDS);
  });
});
