import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { Article } from '@kiosque/shared';
import { fetchArticleBySlug } from '../api/articles';
import { ApiError } from '../api/client';
import { useArticle } from './useArticle';

vi.mock('../api/articles', () => ({ fetchArticleBySlug: vi.fn() }));

function article(slug: string): Article {
  return {
    documentId: `doc-${slug}`,
    title: `Titre ${slug}`,
    slug,
    excerpt: '',
    category: 'Carrière',
    authorName: 'Aïcha',
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
  it('answers the article once it is loaded', async () => {
    vi.mocked(fetchArticleBySlug).mockResolvedValue(article('un'));

    const state = useArticle('un');
    expect(state.loading.value).toBe(true);
    await flushPromises();

    expect(state.loading.value).toBe(false);
    expect(state.article.value?.title).toBe('Titre un');
    expect(state.notFound.value).toBe(false);
    expect(state.error.value).toBeNull();
  });

  it('tells a missing article apart from an API that cannot be reached', async () => {
    vi.mocked(fetchArticleBySlug).mockRejectedValueOnce(new ApiError(404, 'Cet article est introuvable.'));
    const missing = useArticle('inconnu');
    await flushPromises();

    vi.mocked(fetchArticleBySlug).mockRejectedValueOnce(new ApiError(null, 'Le serveur ne répond pas.'));
    const unreachable = useArticle('un');
    await flushPromises();

    expect(missing.notFound.value).toBe(true);
    expect(missing.error.value).toBeNull();
    expect(unreachable.notFound.value).toBe(false);
    expect(unreachable.error.value?.status).toBeNull();
  });

  it('loads the new article when the slug changes and ignores the answer for the old one', async () => {
    let answerOld: (value: Article) => void = () => undefined;
    vi.mocked(fetchArticleBySlug)
      .mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)))
      .mockResolvedValueOnce(article('deux'));
    const slug = ref('un');

    const state = useArticle(slug);
    slug.value = 'deux';
    await flushPromises();
    answerOld(article('un'));
    await flushPromises();

    expect(fetchArticleBySlug).toHaveBeenLastCalledWith('deux');
    expect(state.article.value?.slug).toBe('deux');
  });
});
