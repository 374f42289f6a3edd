import type { LocationQueryValue } from 'vue-router';

/** Longest search the site runs, in characters; the rest is ignored. */
export const SEARCH_MAX_LENGTH = 100;
/** Most words a search looks for; more would make a slow query for little gain. */
export const SEARCH_MAX_WORDS = 8;

/** The search as typed (`?q=…`), trimmed, with runs of spaces collapsed and its length capped. */
export function searchFromQuery(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return '';
  return raw.replace(/\s+/g, ' ').trim().slice(0, SEARCH_MAX_LENGTH).trim();
}

/**
 * The words an article must all contain (in its title or excerpt), each once, lower-cased: words of
 * one letter are left out unless there is nothing else, so that « à » or « l' » do not match everything.
 */
export function searchWords(search: string): string[] {
  const words = search
    .toLocaleLowerCase('fr-FR')
    .split(/[\s,;:!?«»"()[\]{}]+/)
    .map((word) => word.replace(/^['’.-]+|['’.-]+$/g, ''))
    .filter((word) => word !== '');
  const unique = [...new Set(words)];
  const meaningful = unique.filter((word) => [...word].length > 1);
  return (meaningful.length > 0 ? meaningful : unique).slice(0, SEARCH_MAX_WORDS);
}
