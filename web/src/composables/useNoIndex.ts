import { useHead } from '@unhead/vue';

/**
 * Asks search engines not to index the current page (`<meta name="robots" content="noindex">`) for
 * as long as the calling component is shown; the tag goes away when the reader navigates elsewhere.
 */
export function useNoIndex(): void {
  useHead({ meta: [{ name: 'robots', content: 'noindex', key: 'robots' }] });
}
