import { mount, RouterLinkStub } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { ArticleSummary } from '@kiosque/shared';
import HomeArticleCard from './HomeArticleCard.vue';

function summary(commentCount: number): ArticleSummary {
  return {
    documentId: 'a1',
    title: 'Community manager ou social media manager ?',
    slug: 'community-manager',
    excerpt: 'Deux métiers proches.',
    category: { documentId: 'cat-1', name: 'Carrière', slug: 'carriere' },
    author: { documentId: 'aut-1', name: 'Aïcha', slug: 'aicha' },
    readingTime: 3,
    publishedAt: '2026-03-12T10:00:00.000Z',
    cover: null,
    commentCount,
  };
}

describe('HomeArticleCard', () => {
  it.each([
    [0, '0 commentaire'],
    [1, '1 commentaire'],
    [2, '2 commentaires'],
    [42, '42 commentaires'],
  ])('shows %i approved comment(s) as "%s"', (count, text) => {
    const card = mount(HomeArticleCard, {
      props: { article: summary(count) },
      global: { stubs: { RouterLink: RouterLinkStub } },
    });

    expect(card.find('[data-testid="article-comment-count"]').text()).toBe(text);
  });

  it('links the title to the article and dates it in French', () => {
    const card = mount(HomeArticleCard, {
      props: { article: summary(3) },
      global: { stubs: { RouterLink: RouterLinkStub } },
    });

    expect(card.findComponent(RouterLinkStub).props('to')).toEqual({
      name: 'article',
      params: { slug: 'community-manager' },
    });
    expect(card.find('time').text()).toBe('12 mars 2026');
  });
});
