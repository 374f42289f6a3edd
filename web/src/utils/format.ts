// Written out rather than built with Intl: creating an Intl.DateTimeFormat or Intl.PluralRules loads
// the locale's data, which a phone pays on every first article view (about 50 ms of main thread on
// a 4× slowed CPU, measured with the bench's LCP profile) before the article can render.
const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** "12 mars 2026" (the reader's time zone), or an empty string for a missing or malformed date. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
}

/** "1 commentaire", "3 commentaires": French puts 0 and 1 (and anything below 2) in the singular. */
export function pluralize(count: number, singular: string, plural: string): string {
  return `${count} ${Math.abs(count) < 2 ? singular : plural}`;
}

/** "3 min de lecture"; an article always takes at least a minute. */
export function formatReadingTime(minutes: number | null | undefined): string {
  const rounded = typeof minutes === 'number' && Number.isFinite(minutes) ? Math.round(minutes) : 1;
  return `${Math.max(1, rounded)} min de lecture`;
}
