const DATE_FORMAT = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
const PLURAL_RULES = new Intl.PluralRules('fr-FR');

/** "12 mars 2026", or an empty string for a missing or malformed date. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : DATE_FORMAT.format(date);
}

/** "1 commentaire", "3 commentaires": French puts 0 and 1 in the singular. */
export function pluralize(count: number, singular: string, plural: string): string {
  return `${count} ${PLURAL_RULES.select(count) === 'one' ? singular : plural}`;
}

/** "3 min de lecture"; an article always takes at least a minute. */
export function formatReadingTime(minutes: number | null | undefined): string {
  const rounded = typeof minutes === 'number' && Number.isFinite(minutes) ? Math.round(minutes) : 1;
  return `${Math.max(1, rounded)} min de lecture`;
}
