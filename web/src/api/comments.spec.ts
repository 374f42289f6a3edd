import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommentCreated, CommentInput } from '@kiosque/shared';
import { api } from './client';
import { createComment, fetchComments } from './comments';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('comments API', () => {
  it('asks for one article’s comments with Strapi’s filter syntax', async () => {
    const get = vi.spyOn(api, 'get').mockResolvedValue({ data: { data: [], meta: {} } });

    await fetchComments('article 1&x=y');

    const url = get.mock.calls[0]?.[0] ?? '';
    const [path, query] = url.split('?');
    expect(path).toBe('/comments');
    expect([...new URLSearchParams(query)]).toEqual([
      ['filters[article][documentId][$eq]', 'article 1&x=y'],
      ['pagination[page]', '1'],
      ['pagination[pageSize]', '50'],
    ]);
  });

  it('posts the comment wrapped in "data" and answers what the CMS created', async () => {
    const created: CommentCreated = { documentId: 'c1', status: 'approved', message: 'Merci !' };
    const post = vi.spyOn(api, 'post').mockResolvedValue({ data: { data: created, meta: {} } });
    const input: CommentInput = {
      article: 'a1',
      authorName: 'Awa',
      authorEmail: 'awa@example.org',
      content: 'Merci.',
    };

    await expect(createComment(input)).resolves.toEqual(created);
    expect(post).toHaveBeenCalledWith('/comments', { data: input });
  });
});
