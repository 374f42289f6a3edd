import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommentCreated, CommentInput } from '@kiosque/shared';
import { api } from './client';
import { createComment, fetchCommentThreads } from './comments';

afterEach(() => {
  vi.restoreAllMocks();
});

function requestedUrl(get: ReturnType<typeof vi.spyOn>): { path: string; query: [string, string][] } {
  const url = String(get.mock.calls[0]?.[0] ?? '');
  const [path = '', query = ''] = url.split('?');
  return { path, query: [...new URLSearchParams(query)] };
}

describe('comments API', () => {
  it('asks for the first page of an article’s threads, oldest first, by default', async () => {
    const get = vi.spyOn(api, 'get').mockResolvedValue({ data: { data: [], meta: {} } });

    await fetchCommentThreads('a1');

    expect(requestedUrl(get)).toEqual({
      path: '/articles/a1/comments',
      query: [
        ['sort', 'oldest'],
        ['page', '1'],
        ['pageSize', '20'],
      ],
    });
  });

  it('asks for the requested order and page, with the documentId escaped in the path', async () => {
    const get = vi.spyOn(api, 'get').mockResolvedValue({ data: { data: [], meta: {} } });

    await fetchCommentThreads('article 1/../x?y', { sort: 'newest', page: 3, pageSize: 5 });

    expect(requestedUrl(get)).toEqual({
      path: '/articles/article%201%2F..%2Fx%3Fy/comments',
      query: [
        ['sort', 'newest'],
        ['page', '3'],
        ['pageSize', '5'],
      ],
    });
  });

  it('posts the comment wrapped in "data" and answers what the CMS created', async () => {
    const created: CommentCreated = { documentId: 'c1', status: 'approved', message: 'Merci !' };
    const post = vi.spyOn(api, 'post').mockResolvedValue({ data: { data: created, meta: {} } });
    const input: CommentInput = {
      article: 'a1',
      authorName: 'Awa',
      authorEmail: 'awa@example.org',
      content: 'Merci.',
      parent: 'c0',
    };

    await expect(createComment(input)).resolves.toEqual(created);
    expect(post).toHaveBeenCalledWith('/comments', { data: input });
  });

  it('sends the honeypot field alongside the comment when it is filled in', async () => {
    const created: CommentCreated = { documentId: 'c1', status: 'pending', message: 'Merci !' };
    const post = vi.spyOn(api, 'post').mockResolvedValue({ data: { data: created, meta: {} } });

    await createComment({
      article: 'a1',
      authorName: 'Bot',
      authorEmail: 'bot@example.org',
      content: 'Achetez !',
      company: 'ACME',
    });

    expect(post).toHaveBeenCalledWith('/comments', {
      data: expect.objectContaining({ company: 'ACME', content: 'Achetez !' }),
    });
  });
});
