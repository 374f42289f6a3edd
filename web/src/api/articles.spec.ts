import { afterEach, describe, expect, it, vi } from 'vitest';
import { ARTICLES_PAGE_SIZE, articleListParams, fetchArticlePage, fetchArticles } from './articles';
import { api } from './client';
import { prefetchArticlePage } from './early';

const page = { article: { slug: 'un' }, groups: [], comments: { data: [], meta: {} } };

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('fetchArticlePage', () => {
  it('takes the answer of the request started by the entry script, once', async () => {
    const early = vi.fn().mockResolvedValue(new Response(JSON.stringify({ data: page, meta: {} })));
    vi.stubGlobal('fetch', early);
    const get = vi.spyOn(api, 'get').mockResolvedValue({ data: { data: page, meta: {} } });

    prefetchArticlePage('un');
    await expect(fetchArticlePage('un')).resolves.toEqual(page);
    expect(early).toHaveBeenCalledWith(
      'http://localhost:1337/api/pages/article/un',
      expect.objectContaining({ headers: { Accept: 'application/json' } }),
    );
    expect(get).not.toHaveBeenCalled();

    await fetchArticlePage('un');
    expect(get).toHaveBeenCalledWith('/pages/article/un');
  });

  it('asks the API client again when the early request did not answer 200, so errors are reported', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('{}', { status: 404 })));
    const get = vi.spyOn(api, 'get').mockRejectedValue(new Error('404'));

    prefetchArticlePage('inconnu');
    await expect(fetchArticlePage('inconnu')).rejects.toThrow('404');
    expect(get).toHaveBeenCalledWith('/pages/article/inconnu');
  });
});

describe('fetchArticles', () => {
  it('asks for the first page of cards, newest first being the CMS’s default', async () => {
    const get = vi.spyOn(api, 'get').mockResolvedValue({ data: { data: [], meta: {} } });
    await fetchArticles();
    expect(get).toHaveBeenCalledWith(
      `/articles?pagination%5Bpage%5D=1&pagination%5BpageSize%5D=${ARTICLES_PAGE_SIZE}`,
    );
  });

  it('filters on the category’s slug', () => {
    expect([...articleListParams({ page: 2, category: 'emploi' })]).toEqual([
      ['pagination[page]', '2'],
      ['pagination[pageSize]', String(ARTICLES_PAGE_SIZE)],
      ['filters[category][slug][$eq]', 'emploi'],
    ]);
  });

  it('asks for articles with every word of a search in their title or their excerpt', () => {
    expect([...articleListParams({ pageSize: 5, words: ['cv', 'emploi'] })]).toEqual([
      ['pagination[page]', '1'],
      ['pagination[pageSize]', '5'],
      ['filters[$and][0][$or][0][title][$containsi]', 'cv'],
      ['filters[$and][0][$or][1][excerpt][$containsi]', 'cv'],
      ['filters[$and][1][$or][0][title][$containsi]', 'emploi'],
      ['filters[$and][1][$or][1][excerpt][$containsi]', 'emploi'],
    ]);
  });
});
