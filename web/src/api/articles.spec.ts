import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchArticlePage } from './articles';
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
