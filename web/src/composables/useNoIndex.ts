import { onBeforeUnmount } from 'vue';

/**
 * Asks search engines not to index the current page (`<meta name="robots" content="noindex">`) for
 * as long as the calling component is shown; the tag goes away when the reader navigates elsewhere.
 */
export function useNoIndex(): void {
  const meta = document.createElement('meta');
  meta.name = 'robots';
  meta.content = 'noindex';
  meta.dataset.owner = 'kiosque-noindex';
  document.head.append(meta);
  onBeforeUnmount(() => meta.remove());
}
