import { mount, RouterLinkStub } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { ArticleSummary } from '@kiosque/shared';
import { strapiFormats } from '../utils/responsiveImage.fixtures';
import ArticleCard from './ArticleCard.vue';

function summary(overrides: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    documentId: 'a1',
    title: 'Community manager ou social media manager ?',
    slug: 'community-manager',
    excerpt: 'Deux métiers proches.',
    category: { documentId: 'cat-1', name: 'Métiers du web', slug: 'metiers-du-web' },
    author: { documentId: 'aut-1', name: 'Aïcha Diallo', slug: 'aicha-diallo' },
    readingTime: 3,
    publishedAt: '2026-11-27T10:00:00.000Z',
    cover: {
      url: '/uploads/cm.jpg',
      alternativeText: 'Une community manager devant son écran',
      width: 1200,
      height: 675,
      formats: strapiFormats('cm', ['small', 'thumbnail']),
    },
    commentCount: 2,
    ...overrides,
  };
}

function mountCard(article: ArticleSummary, headingLevel?: 2 | 3) {
  return mount(ArticleCard, {
    props: { article, headingLevel },
    global: { stubs: { RouterLink: RouterLinkStub } },
  });
}

describe('ArticleCard', () => {
  it.each([
    [0, '0 commentaire'],
    [1, '1 commentaire'],
    [2, '2 commentaires'],
    [42, '42 commentaires'],
  ])('shows %i approved comment(s) as "%s"', (count, text) => {
    const card = mountCard(summary({ commentCount: count }));
    expect(card.find('[data-testid="article-comment-count"]').text()).toBe(text);
  });

  it('links the title to the article and the category to its page', () => {
    const links = mountCard(summary()).findAllComponents(RouterLinkStub);
    expect(links.map((link) => [link.text(), link.props('to')])).toEqual([
      ['Métiers du web', { name: 'category', params: { slug: 'metiers-du-web' } }],
      [
        'Community manager ou social media manager ?',
        { name: 'article', params: { slug: 'community-manager' } },
      ],
    ]);
  });

  it('shows the author, the French date and the reading time', () => {
    const card = mountCard(summary());
    expect(card.find('.article-card__author').text()).toBe('Aïcha Diallo');
    expect(card.find('time').text()).toBe('27 novembre 2026');
    expect(card.find('[data-testid="article-reading-time"]').text()).toBe('3 min de lecture');
  });

  it('draws the cover lazily, from a srcset of the Strapi formats, with its size and alt text', () => {
    const image = mountCard(summary()).find('img');
    expect(image.attributes()).toMatchObject({
      src: 'http://localhost:1337/uploads/cm.jpg',
      srcset:
        'http://localhost:1337/uploads/thumbnail_cm.jpg 245w, http://localhost:1337/uploads/small_cm.jpg 500w, http://localhost:1337/uploads/cm.jpg 1200w',
      width: '1200',
      height: '675',
      alt: 'Une community manager devant son écran',
      loading: 'lazy',
    });
    expect(image.attributes('sizes')).toMatch(/100vw$/);
    expect(image.attributes('fetchpriority')).toBeUndefined();
  });

  it('has no image, category link or author when the article has none', () => {
    const card = mountCard(summary({ cover: null, category: null, author: null }));
    expect(card.find('img').exists()).toBe(false);
    expect(card.find('[data-testid="article-card-category"]').exists()).toBe(false);
    expect(card.find('.article-card__author').exists()).toBe(false);
  });

  it('titles the card at the level it is given, for lists under an article’s own headings', () => {
    expect(mountCard(summary()).find('h2').exists()).toBe(true);
    expect(mountCard(summary(), 3).find('h3').exists()).toBe(true);
  });
});
