import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useHead } from '@unhead/vue';
import { headInput, type PageHead } from '../utils/pageHead';
import { usePageState } from './usePageState';

/**
 * Gives the calling page its head (title, description, canonical, Open Graph, Twitter, JSON-LD) for
 * as long as it is shown: written into the HTML by the server render, updated by the browser on
 * every navigation, from the same `PageHead` (utils/pageHead.ts). `null` keeps the previous page's
 * head until the page knows its own (its data is loading).
 */
export function usePageHead(head: MaybeRefOrGetter<PageHead | null>, siteUrl = usePageState().siteUrl): void {
  useHead(
    computed(() => {
      const current = toValue(head);
      return current ? headInput(siteUrl, current) : {};
    }),
  );
}

/** The site's public address, as the server render was told it (SITE_URL), on both sides. */
export function useSiteUrl(): string {
  return usePageState().siteUrl;
}
