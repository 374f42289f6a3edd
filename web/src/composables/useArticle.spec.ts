import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, ref } from 'vue';
import type { Article, ArticlePageData } from '@kiosque/shared';
import { fetchArticlePage } from '../api/articles';
import { ApiError } from '../api/client';
import { useArticle } from './useArticle';
import { createPageState, installPageState } from './usePageState';

vi.mock('../api/articles', () => ({ fetchArticlePage: vi.fn() }));

function page(slug: string): ArticlePageData {
  return {
    article: article(slug),
    groups: [],
    comments: {
      data: [],
      meta: { pagination: { page: 1, pageSize: 20, pageCount: 0, total: 0 }, total: 0, sort: 'oldest' },
    },
    related: [],
  };
}

function article(slug: string): Article {
  return {
    documentId: `doc-${slug}`,
    title: `Titre ${slug}`,
    slug,
    excerpt: '',
    category: { documentId: 'cat-1', name: 'Carrière', slug: 'carriere', description: null },
    author: { documentId: 'aut-1', name: 'Aïcha', slug: 'aicha', bio: null, avatar: null },
    seo: null,
    readingTime: 2,
    publishedAt: '2026-03-12T10:00:00.000Z',
    cover: null,
    body: [],
    commentCount: 0,
    commentsClosed: false,
    commentsOpen: true,
  };
}

afterEach(() => {
  vi.resetAllMocks();
});

describe('useArticle', () => {
  it('shows the article the server rendered the page with at once, without asking the API', () => {
    const app = createApp({});
    installPageState(app, createPageState('client', { siteUrl: '', data: { 'article:un': page('un') } }));

    const state = app.runWithContext(() => useArticle('un'));
    // Synchronously: the page's first render already has the article, with no loading state.
    expect(state.loading.value).toBe(false);
    expect(state.article.value?.title).toBe('Titre un');
    expect(state.firstComments.value?.meta.total).toBe(0);
    expect(fetchArticlePage).not.toHaveBeenCalled();
  });

  it('answers the article once it is loaded', async () => {
    vi.mocked(fetchArticlePage).mockResolvedValue(page('un'));

    const state = useArticle('un');
    expect(state.loading.value).toBe(true);
    await flushPromises();

    expect(state.loading.value).toBe(false);
    expect(state.article.value?.title).toBe('Titre un');
    expect(state.firstComments.value?.meta.pagination?.total).toBe(0);
    expect(fetchArticlePage).toHaveBeenCalledTimes(1);
    expect(state.notFound.value).toBe(false);
    expect(state.error.value).toBeNull();
  });

  it('tells a missing article apart from an API that cannot be reached', async () => {
    vi.mocked(fetchArticlePage).mockRejectedValueOnce(new ApiError(404, 'Cet article est introuvable.'));
    const missing = useArticle('inconnu');
    await flushPromises();

    vi.mocked(fetchArticlePage).mockRejectedValueOnce(new ApiError(null, 'Le serveur ne répond pas.'));
    const unreachable = useArticle('un');
    await flushPromises();

    expect(missing.notFound.value).toBe(true);
    expect(missing.error.value).toBeNull();
    expect(unreachable.notFound.value).toBe(false);
    expect(unreachable.error.value?.status).toBeNull();
  });

  it('loads the new article when the slug changes and ignores the answer for the old one', async () => {
    let answerOld: (value: ArticlePageData) => void = () => undefined;
    vi.mocked(fetchArticlePage)
      .mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)))
      .mockResolvedValueOnce(page('deux'));
    const slug = ref('un');

    const state = useArticle(slug);
    slug.value = 'deux';
    await flushPromises();
    answerOld(page('un'));
    await flushPromises();

    expect(fetchArticlePage).toHaveBeenLastCalledWith('deux');
    expect(state.article.value?.slug).toBe('deux');
  });
});
