import { inject, onBeforeUnmount, onMounted, provide, watch, type InjectionKey } from 'vue';
import { MAX_BEACON_EVENTS, type BeaconEvent, type CopyVariant, type ShareNetwork } from '@kiosque/shared';
import { sendBeacon } from '../api/beacons';

/**
 * What the article page counts, sent as beacons to the CMS: the join blocks actually shown (per copy
 * variant), the shares, and the view when the page server did not count it. The page server counts
 * the view of the page it answers when it can (PageState.countsViews, docs/performance.md: a beacon
 * per view cost the cached page two thirds of its throughput); the SPA counts the views it shows by
 * itself (a link followed inside the site), a prerendered or prefetched page once the reader opens it,
 * and every view where the page server does not count. Nothing about the reader is sent, stored or
 * kept in the browser (no cookie, no storage).
 */
export interface ReaderCounting {
  /** A join block came into view (once per group and page view). */
  impression(groupDocumentId: string, variant: CopyVariant): void;
  share(network: ShareNetwork): void;
}

const COUNTING: InjectionKey<ReaderCounting> = Symbol('reader-counting');
/** Events seen within this delay go in one beacon. */
const BATCH_MS = 1500;

/** The address whose view the page server counted when it answered this page load, until the page shows it. */
let countedByPageServer: string | undefined;

type NavigationEntry = PerformanceEntry & { activationStart?: number; deliveryType?: string };

/**
 * main.ts, before mounting a page the server rendered with `countsViews`: the page server counted the
 * view of this load, unless the browser did not ask it for this page now: a prerender or a prefetch
 * (sent with Sec-Purpose, which the page server does not count) or a page from the browser's cache
 * (`deliveryType`, where the browser tells; where it does not, the page came from the network).
 */
export function notePageServerView(): void {
  const prerendering = (document as Document & { prerendering?: boolean }).prerendering === true;
  const navigation =
    typeof performance.getEntriesByType === 'function'
      ? (performance.getEntriesByType('navigation')[0] as NavigationEntry | undefined)
      : undefined;
  if (prerendering || (navigation?.activationStart ?? 0) > 0) return;
  if (navigation?.deliveryType !== undefined && navigation.deliveryType !== '') return;
  countedByPageServer = window.location.pathname;
}

/** Counts the views of the article and provides the counter to its join blocks and share buttons. */
export function provideReaderCounting(articleDocumentId: () => string): ReaderCounting {
  const queue: BeaconEvent[] = [];
  let impressions = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let mounted = false;

  function send(): void {
    clearTimeout(timer);
    timer = undefined;
    const article = articleDocumentId();
    while (queue.length > 0) sendBeacon({ article, events: queue.splice(0, MAX_BEACON_EVENTS) });
  }

  function add(event: BeaconEvent): void {
    if (!mounted) return;
    queue.push(event);
    timer ??= setTimeout(send, BATCH_MS);
  }

  function countView(): void {
    add({ kind: 'view' });
  }

  const onHidden = () => {
    if (document.visibilityState === 'hidden') send();
  };

  onMounted(() => {
    mounted = true;
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', send);
    // A page the browser prerenders is not read yet: it counts when the reader opens it.
    const prerendering = (document as Document & { prerendering?: boolean }).prerendering === true;
    if (prerendering) document.addEventListener('prerenderingchange', countView, { once: true });
    else if (countedByPageServer === window.location.pathname) countedByPageServer = undefined;
    else countView();
  });

  // Another article in the same page component: what was seen goes with the old article, then a new view.
  watch(articleDocumentId, (_next, previous) => {
    if (!mounted) return;
    const article = previous;
    while (queue.length > 0) sendBeacon({ article, events: queue.splice(0, MAX_BEACON_EVENTS) });
    clearTimeout(timer);
    timer = undefined;
    impressions = new Set();
    countView();
  });

  onBeforeUnmount(() => {
    send();
    mounted = false;
    document.removeEventListener('visibilitychange', onHidden);
    document.removeEventListener('prerenderingchange', countView);
    window.removeEventListener('pagehide', send);
  });

  const counting: ReaderCounting = {
    impression(groupDocumentId, variant) {
      if (impressions.has(groupDocumentId)) return;
      impressions.add(groupDocumentId);
      add({ kind: 'impression', group: groupDocumentId, variant });
    },
    share(network) {
      add({ kind: 'share', network });
    },
  };
  provide(COUNTING, counting);
  return counting;
}

/** The article page's counter, or undefined where nothing is counted (the editors' draft preview). */
export function useReaderCounting(): ReaderCounting | undefined {
  return inject(COUNTING, undefined);
}
