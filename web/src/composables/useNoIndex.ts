import { onBeforeUnmount } from 'vue';

/**
 * Asks search engines not to index the current page (`<meta name="robots" content="noindex">`) for
 * as long as the calling component is shown; the tag goes away when the reader navigates elsewhere.
 * The page server may already have put one in the head (web/server): that one is taken over, so the
 * page never carries two.
 */
export function useNoIndex(): void {
  const meta =
    document.head.querySelector<HTMLMetaElement>('meta[name="robots"]') ?? document.createElement('meta');
  meta.name = 'robots';
  meta.content = 'noindex';
  meta.dataset.owner = 'kiosque-noindex';
  if (!meta.isConnected) document.head.append(meta);
  onBeforeUnmount(() => meta.remove());
}
