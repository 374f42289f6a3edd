import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ArticleShare from './ArticleShare.vue';

const TITLE = 'Un CV qui donne envie';
const URL_OF_ARTICLE = 'https://kiosque.example/articles/un-cv?x=1';

function hrefOf(share: ReturnType<typeof mount>, network: string): string {
  return share.get(`[data-network="${network}"]`).attributes('href') ?? '';
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('ArticleShare', () => {
  it('prefills a French WhatsApp message with the title and the address', () => {
    const share = mount(ArticleShare, { props: { title: TITLE, url: URL_OF_ARTICLE } });
    const href = hrefOf(share, 'whatsapp');
    expect(href.startsWith('https://wa.me/?text=')).toBe(true);
    expect(decodeURIComponent(href.slice('https://wa.me/?text='.length))).toBe(
      `À lire sur Kiosque : « ${TITLE} » ${URL_OF_ARTICLE}`,
    );
  });

  it('shares on Telegram, Facebook and X with the address encoded', () => {
    const share = mount(ArticleShare, { props: { title: TITLE, url: URL_OF_ARTICLE } });
    const encoded = encodeURIComponent(URL_OF_ARTICLE);
    expect(hrefOf(share, 'telegram')).toBe(
      `https://t.me/share/url?url=${encoded}&text=${encodeURIComponent(`À lire sur Kiosque : « ${TITLE} »`)}`,
    );
    expect(hrefOf(share, 'facebook')).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encoded}`);
    expect(hrefOf(share, 'x')).toContain(`&url=${encoded}`);
    for (const link of share.findAll('a')) {
      expect(link.attributes('target')).toBe('_blank');
      expect(link.attributes('rel')).toBe('noopener noreferrer');
    }
  });

  it('copies the link and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const share = mount(ArticleShare, { props: { title: TITLE, url: URL_OF_ARTICLE } });

    await share.get('[data-network="copy"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(URL_OF_ARTICLE);
    expect(share.get('[role="status"]').text()).toBe('Lien copié !');
  });

  it('tells the reader when the link could not be copied', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      clipboard: { writeText: () => Promise.reject(new Error('no')) },
    });
    const share = mount(ArticleShare, { props: { title: TITLE, url: URL_OF_ARTICLE } });

    await share.get('[data-network="copy"]').trigger('click');
    await flushPromises();
    expect(share.get('[role="status"]').text()).toMatch(/Impossible de copier/);
  });

  it('offers the phone’s share sheet on a touch screen that has one', async () => {
    const nativeShare = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, share: nativeShare });
    vi.stubGlobal(
      'matchMedia',
      vi.fn(() => ({ matches: true })),
    );
    const share = mount(ArticleShare, { props: { title: TITLE, url: URL_OF_ARTICLE } });
    await flushPromises();

    expect(share.get('[data-network="native"]').attributes('hidden')).toBeUndefined();
    await share.get('[data-network="native"]').trigger('click');
    expect(nativeShare).toHaveBeenCalledWith({
      title: TITLE,
      text: `À lire sur Kiosque : « ${TITLE} »`,
      url: URL_OF_ARTICLE,
    });
  });

  it('keeps to plain buttons on a computer, the share sheet’s place kept but hidden', () => {
    vi.stubGlobal('navigator', { ...navigator, share: vi.fn() });
    const share = mount(ArticleShare, { props: { title: TITLE, url: URL_OF_ARTICLE } });
    expect(share.get('[data-network="native"]').attributes('hidden')).toBeDefined();
  });
});
