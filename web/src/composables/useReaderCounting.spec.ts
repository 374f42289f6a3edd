import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import type { Beacon, CommunityGroup } from '@kiosque/shared';
import ArticleJoinCtas from '../components/ArticleJoinCtas.vue';
import ArticleShare from '../components/ArticleShare.vue';
import { API_ORIGIN } from '../utils/apiOrigin';
import { notePageServerView, provideReaderCounting } from './useReaderCounting';

const GROUPS: CommunityGroup[] = ['g1', 'g2'].map((documentId, index) => ({
  documentId,
  name: `Groupe ${documentId}`,
  platform: 'whatsapp_group',
  inviteUrl: `https://chat.whatsapp.com/Groupe${index}`,
  headline: 'Rejoignez-nous',
  buttonLabel: 'Rejoindre',
  description: '',
  displayOrder: index,
  ...(index === 1 ? { variantB: { headline: 'Autre accroche', buttonLabel: 'Autre bouton' } } : {}),
}));

/** An IntersectionObserver the test drives: `show(element)` says it came into view. */
const observed: Array<{ callback: IntersectionObserverCallback; elements: Set<Element> }> = [];
function show(element: Element): void {
  for (const observer of observed) {
    if (observer.elements.has(element)) {
      observer.callback(
        [{ isIntersecting: true, target: element } as IntersectionObserverEntry],
        {} as IntersectionObserver,
      );
    }
  }
}

let beacons: Beacon[];

beforeEach(() => {
  vi.useFakeTimers();
  beacons = [];
  observed.length = 0;
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      private readonly entry: { callback: IntersectionObserverCallback; elements: Set<Element> };
      constructor(callback: IntersectionObserverCallback) {
        this.entry = { callback, elements: new Set() };
        observed.push(this.entry);
      }
      observe(element: Element) {
        this.entry.elements.add(element);
      }
      unobserve(element: Element) {
        this.entry.elements.delete(element);
      }
      disconnect() {
        this.entry.elements.clear();
      }
    },
  );
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: vi.fn((url: string, body: string) => {
      expect(url).toBe(`${API_ORIGIN}/api/beacon`);
      beacons.push(JSON.parse(body) as Beacon);
      return true;
    }),
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function articlePage(articleDocumentId = ref('art1')) {
  const Page = defineComponent({
    setup() {
      provideReaderCounting(() => articleDocumentId.value);
      return () => [
        h(ArticleShare, { title: 'Un article', url: 'https://kiosque.test/article/un-article' }),
        h(ArticleJoinCtas, { groups: GROUPS, articleDocumentId: articleDocumentId.value }),
      ];
    },
  });
  return { page: mount(Page, { attachTo: document.body }), articleDocumentId };
}

describe('provideReaderCounting', () => {
  it('sends the view, the blocks seen once each with their variant, and the shares in one beacon', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.9);
    const { page } = articlePage();
    await flushPromises();
    const blocks = page.findAll('[data-testid="join-cta"]');
    show(blocks[1]!.element);
    show(blocks[1]!.element);
    // The copy button (a share link would make happy-dom fetch the network's page).
    await page.get('[data-network="copy"]').trigger('click');
    expect(beacons).toEqual([]);

    vi.advanceTimersByTime(2000);
    expect(beacons).toEqual([
      {
        article: 'art1',
        events: [
          { kind: 'view' },
          { kind: 'impression', group: 'g2', variant: 'b' },
          { kind: 'share', network: 'copy' },
        ],
      },
    ]);
    page.unmount();
  });

  it('sends what is pending at once when the page is hidden, and counts nothing of a block never seen', async () => {
    const { page } = articlePage();
    await flushPromises();
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(beacons).toEqual([{ article: 'art1', events: [{ kind: 'view' }] }]);
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
    page.unmount();
    expect(beacons).toHaveLength(1);
  });

  it('sends no view for the page load the page server counted, and one for the next article shown', async () => {
    notePageServerView();
    const { page, articleDocumentId } = articlePage();
    await flushPromises();
    vi.advanceTimersByTime(2000);
    expect(beacons).toEqual([]);
    // A link followed inside the site: the page server never saw it.
    articleDocumentId.value = 'art2';
    await nextTick();
    vi.advanceTimersByTime(2000);
    expect(beacons).toEqual([{ article: 'art2', events: [{ kind: 'view' }] }]);
    page.unmount();
    // The same page shown again later (back, then forward inside the site) is a view of the SPA's.
    const again = articlePage();
    await flushPromises();
    vi.advanceTimersByTime(2000);
    expect(beacons).toHaveLength(2);
    again.page.unmount();
  });

  it('counts the view itself when the page load came from a prefetch or the browser cache', async () => {
    vi.spyOn(performance, 'getEntriesByType').mockReturnValue([
      { deliveryType: 'navigational-prefetch' } as unknown as PerformanceEntry,
    ]);
    notePageServerView();
    const { page } = articlePage();
    await flushPromises();
    vi.advanceTimersByTime(2000);
    expect(beacons).toEqual([{ article: 'art1', events: [{ kind: 'view' }] }]);
    page.unmount();
  });

  it('counts a prerendered page only once the reader opens it', async () => {
    Object.defineProperty(document, 'prerendering', { configurable: true, value: true });
    const { page } = articlePage();
    await flushPromises();
    vi.advanceTimersByTime(2000);
    expect(beacons).toEqual([]);
    document.dispatchEvent(new Event('prerenderingchange'));
    vi.advanceTimersByTime(2000);
    expect(beacons).toEqual([{ article: 'art1', events: [{ kind: 'view' }] }]);
    Object.defineProperty(document, 'prerendering', { configurable: true, value: false });
    page.unmount();
  });

  it('counts a new view when the page shows another article', async () => {
    const { page, articleDocumentId } = articlePage();
    await flushPromises();
    articleDocumentId.value = 'art2';
    await nextTick();
    vi.advanceTimersByTime(2000);
    expect(beacons).toEqual([
      { article: 'art1', events: [{ kind: 'view' }] },
      { article: 'art2', events: [{ kind: 'view' }] },
    ]);
    page.unmount();
  });
});
