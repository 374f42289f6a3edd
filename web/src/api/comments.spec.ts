import { afterEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { CommentCreated, CommentInput } from '@kiosque/shared';
import { ApiError, api } from './client';
import {
  COMMENT_NOT_CONFIRMED_MESSAGE,
  COMMENT_RETRY_DELAYS_MS,
  createComment,
  fetchCommentThreads,
  type CreateCommentOptions,
} from './comments';

afterEach(() => {
  vi.restoreAllMocks();
});

const CREATED: CommentCreated = { documentId: 'c1', status: 'pending', message: 'Merci !' };

const INPUT: CommentInput = {
  article: 'a1',
  authorName: 'Awa',
  authorEmail: 'awa@example.org',
  content: 'Merci.',
};

const KEY = 'key-0123456789';

/** Retries without waiting, remembering the waits asked for. */
function noWait(): Required<Pick<CreateCommentOptions, 'wait'>> & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    wait: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
}

function keysSent(post: MockInstance<typeof api.post>): unknown[] {
  return post.mock.calls.map((call) => call[2]?.headers?.['Idempotency-Key']);
}

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

    await expect(createComment(input, { idempotencyKey: KEY })).resolves.toEqual(created);
    expect(post).toHaveBeenCalledWith('/comments', { data: input }, expect.anything());
  });

  it('sends the honeypot field alongside the comment when it is filled in', async () => {
    const created: CommentCreated = { documentId: 'c1', status: 'pending', message: 'Merci !' };
    const post = vi.spyOn(api, 'post').mockResolvedValue({ data: { data: created, meta: {} } });

    await createComment(
      {
        article: 'a1',
        authorName: 'Bot',
        authorEmail: 'bot@example.org',
        content: 'Achetez !',
        company: 'ACME',
      },
      { idempotencyKey: KEY },
    );

    expect(post).toHaveBeenCalledWith(
      '/comments',
      { data: expect.objectContaining({ company: 'ACME', content: 'Achetez !' }) },
      expect.anything(),
    );
  });

  it('sends the submission’s key in the Idempotency-Key header', async () => {
    const post = vi.spyOn(api, 'post').mockResolvedValue({ data: { data: CREATED, meta: {} } });

    await createComment(INPUT, { idempotencyKey: KEY });

    expect(post).toHaveBeenCalledWith('/comments', { data: INPUT }, { headers: { 'Idempotency-Key': KEY } });
  });

  it('retries after a network failure, a timeout and a gateway error with the same key, backing off', async () => {
    // As the client reports them (client.spec.ts): no answer at all, then no answer in time.
    const post = vi
      .spyOn(api, 'post')
      .mockRejectedValueOnce(new ApiError(null, 'Le serveur ne répond pas.'))
      .mockRejectedValueOnce(new ApiError(null, 'Le serveur met trop de temps à répondre.'))
      .mockRejectedValueOnce(new ApiError(503, 'Le serveur a rencontré une erreur.'))
      .mockResolvedValueOnce({ data: { data: CREATED, meta: {} } });
    const timing = noWait();

    await expect(createComment(INPUT, { idempotencyKey: KEY, wait: timing.wait })).resolves.toEqual(CREATED);

    expect(keysSent(post)).toEqual([KEY, KEY, KEY, KEY]);
    expect(timing.waits).toEqual([...COMMENT_RETRY_DELAYS_MS]);
    expect(COMMENT_RETRY_DELAYS_MS).toEqual([500, 1500, 3000]);
  });

  it('retries other server errors too, such as a 500 or a 502', async () => {
    const post = vi
      .spyOn(api, 'post')
      .mockRejectedValueOnce(new ApiError(500, 'Erreur.'))
      .mockRejectedValueOnce(new ApiError(502, 'Erreur.'))
      .mockResolvedValueOnce({ data: { data: CREATED, meta: {} } });

    await expect(createComment(INPUT, { idempotencyKey: KEY, ...noWait() })).resolves.toEqual(CREATED);

    expect(keysSent(post)).toEqual([KEY, KEY, KEY]);
  });

  it.each([400, 403, 404, 413, 415, 429])(
    'takes a %i as the final answer and does not retry it',
    async (status) => {
      const refusal = new ApiError(status, 'Refusé.');
      const post = vi.spyOn(api, 'post').mockRejectedValue(refusal);
      const timing = noWait();

      await expect(createComment(INPUT, { idempotencyKey: KEY, wait: timing.wait })).rejects.toBe(refusal);

      expect(post).toHaveBeenCalledTimes(1);
      expect(timing.waits).toEqual([]);
    },
  );

  it('gives up after three retries and says the comment was not confirmed but can be resent safely', async () => {
    const post = vi
      .spyOn(api, 'post')
      .mockRejectedValue(new ApiError(504, 'Le serveur a rencontré une erreur.'));

    const failure = createComment(INPUT, { idempotencyKey: KEY, ...noWait() });

    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 504, message: COMMENT_NOT_CONFIRMED_MESSAGE });
    expect(COMMENT_NOT_CONFIRMED_MESSAGE).toBe(
      'Votre commentaire n’a pas pu être confirmé. Vous pouvez le renvoyer sans risque de doublon.',
    );
    expect(keysSent(post)).toEqual([KEY, KEY, KEY, KEY]);
  });

  it('retries as many times as it is given delays', async () => {
    const post = vi.spyOn(api, 'post').mockRejectedValue(new ApiError(null, 'Le serveur ne répond pas.'));

    await expect(
      createComment(INPUT, { idempotencyKey: KEY, retryDelays: [0], ...noWait() }),
    ).rejects.toMatchObject({ status: null, message: COMMENT_NOT_CONFIRMED_MESSAGE });

    expect(post).toHaveBeenCalledTimes(2);
  });
});
