import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './client';
import { fetchArticlePreview } from './previews';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fetchArticlePreview', () => {
  it('sends the token as a header, and asks for the published version only when told to', async () => {
    const answer = { data: { article: { title: 'Brouillon' } }, meta: { status: 'draft' } };
    const get = vi.spyOn(api, 'get').mockResolvedValue({ data: answer });

    await expect(fetchArticlePreview('doc 1', '123.abc')).resolves.toEqual(answer);
    expect(get).toHaveBeenCalledWith('/previews/articles/doc%201', {
      headers: { 'X-Preview-Token': '123.abc' },
      params: undefined,
    });

    await fetchArticlePreview('doc1', '123.abc', 'published');
    expect(get).toHaveBeenLastCalledWith('/previews/articles/doc1', {
      headers: { 'X-Preview-Token': '123.abc' },
      params: { status: 'published' },
    });
  });
});
