import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { CommentSort, CommentThread, CommentThreadsResponse } from '@kiosque/shared';
import { ApiError } from '../api/client';
import type * as commentsApi from '../api/comments';
import { createComment, fetchCommentThreads } from '../api/comments';
import { useComments } from './useComments';

vi.mock('../api/comments', async (importOriginal) => ({
  ...(await importOriginal<typeof commentsApi>()),
  fetchCommentThreads: vi.fn(),
  createComment: vi.fn(),
}));

function thread(documentId: string, replies: CommentThread[] = []): CommentThread {
  return {
    documentId,
    authorName: 'Moussa',
    authorWebsite: null,
    content: 'Merci !',
    createdAt: '2026-03-12T10:00:00.000Z',
    parentDocumentId: null,
    depth: 1,
    editorial: false,
    replies,
  };
}

function response(
  ids: string[],
  { page = 1, pageCount = 1, total = ids.length, sort = 'oldest' as CommentSort } = {},
): CommentThreadsResponse {
  return {
    data: ids.map((id) => thread(id)),
    meta: { pagination: { page, pageSize: 2, pageCount, total: ids.length }, total, sort },
  };
}

const ids = (threads: readonly CommentThread[]): string[] => threads.map((item) => item.documentId);

afterEach(() => {
  vi.resetAllMocks();
});

describe('useComments', () => {
  it('loads the first page of threads, oldest first, and counts every approved comment', async () => {
    vi.mocked(fetchCommentThreads).mockResolvedValue(response(['c1', 'c2'], { pageCount: 2, total: 7 }));

    const state = useComments('article-1');
    expect(state.loading.value).toBe(true);
    await flushPromises();

    expect(fetchCommentThreads).toHaveBeenCalledWith('article-1', { sort: 'oldest', page: 1, pageSize: 20 });
    expect(ids(state.threads.value)).toEqual(['c1', 'c2']);
    expect(state.total.value).toBe(7);
    expect(state.hasMore.value).toBe(true);
    expect(state.loaded.value).toBe(true);
    expect(state.loading.value).toBe(false);
  });

  it('fetches nothing while the article is still unknown', async () => {
    const state = useComments(() => null);
    await flushPromises();

    expect(fetchCommentThreads).not.toHaveBeenCalled();
    expect(state.loading.value).toBe(false);
  });

  it('appends the next page of threads, without repeating one that shifted onto it', async () => {
    vi.mocked(fetchCommentThreads)
      .mockResolvedValueOnce(response(['c1', 'c2'], { pageCount: 2 }))
      .mockResolvedValueOnce(response(['c2', 'c3'], { page: 2, pageCount: 2 }));
    const state = useComments('article-1', 2);
    await flushPromises();

    await state.loadMore();

    expect(fetchCommentThreads).toHaveBeenLastCalledWith('article-1', {
      sort: 'oldest',
      page: 2,
      pageSize: 2,
    });
    expect(ids(state.threads.value)).toEqual(['c1', 'c2', 'c3']);
    expect(state.hasMore.value).toBe(false);
  });

  it('starts again from the first page in the new order when the sort changes', async () => {
    vi.mocked(fetchCommentThreads)
      .mockResolvedValueOnce(response(['c1', 'c2'], { pageCount: 2 }))
      .mockResolvedValueOnce(response(['c3'], { page: 2, pageCount: 2 }))
      .mockResolvedValueOnce(response(['c3', 'c2'], { pageCount: 2, sort: 'newest' }));
    const state = useComments('article-1', 2);
    await flushPromises();
    await state.loadMore();

    await state.setSort('newest');

    expect(fetchCommentThreads).toHaveBeenLastCalledWith('article-1', {
      sort: 'newest',
      page: 1,
      pageSize: 2,
    });
    expect(state.sort.value).toBe('newest');
    expect(ids(state.threads.value)).toEqual(['c3', 'c2']);
    expect(state.hasMore.value).toBe(true);
  });

  it('loads again every page shown so far when refreshed, so that a new comment appears', async () => {
    vi.mocked(fetchCommentThreads)
      .mockResolvedValueOnce(response(['c1', 'c2'], { pageCount: 2 }))
      .mockResolvedValueOnce(response(['c3'], { page: 2, pageCount: 2 }))
      .mockResolvedValueOnce(response(['c1', 'c2'], { pageCount: 2, total: 4 }))
      .mockResolvedValueOnce(response(['c3', 'c4'], { page: 2, pageCount: 2, total: 4 }));
    const state = useComments('article-1', 2);
    await flushPromises();
    await state.loadMore();

    await state.refresh();

    expect(ids(state.threads.value)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(state.total.value).toBe(4);
  });

  it('keeps the threads shown when the next page fails, and reports the error', async () => {
    vi.mocked(fetchCommentThreads)
      .mockResolvedValueOnce(response(['c1', 'c2'], { pageCount: 2 }))
      .mockRejectedValueOnce(new ApiError(null, 'Le serveur ne répond pas.'));
    const state = useComments('article-1', 2);
    await flushPromises();

    await state.loadMore();

    expect(ids(state.threads.value)).toEqual(['c1', 'c2']);
    expect(state.error.value?.message).toBe('Le serveur ne répond pas.');
    expect(state.hasMore.value).toBe(true);
  });

  it('ignores the answer for an article the reader has left', async () => {
    let answerOld: (value: CommentThreadsResponse) => void = () => undefined;
    vi.mocked(fetchCommentThreads)
      .mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)))
      .mockResolvedValueOnce(response(['n1']));
    const article = ref('old');

    const state = useComments(article);
    article.value = 'new';
    await flushPromises();
    answerOld(response(['o1']));
    await flushPromises();

    expect(ids(state.threads.value)).toEqual(['n1']);
  });

  it('posts through the comments API and rejects with an ApiError', async () => {
    vi.mocked(createComment).mockRejectedValue(new TypeError('boom'));
    vi.mocked(fetchCommentThreads).mockResolvedValue(response([]));
    const state = useComments('article-1');

    await expect(
      state.submit(
        {
          article: 'article-1',
          authorName: 'Awa',
          authorEmail: 'awa@example.org',
          content: 'Merci.',
        },
        { idempotencyKey: 'key-0123456789' },
      ),
    ).rejects.toBeInstanceOf(ApiError);
  });

  it('loads the threads shown again once an approved comment is posted, not for a pending one', async () => {
    vi.mocked(fetchCommentThreads)
      .mockResolvedValueOnce(response(['c1']))
      .mockResolvedValueOnce(response(['c1', 'c2']));
    const state = useComments('article-1');
    await flushPromises();
    const input = {
      article: 'article-1',
      authorName: 'Awa',
      authorEmail: 'awa@example.org',
      content: 'Merci.',
    };

    vi.mocked(createComment).mockResolvedValueOnce({
      documentId: 'c2',
      status: 'pending',
      message: 'Merci !',
    });
    await state.submit(input, { idempotencyKey: 'key-0123456789' });
    await flushPromises();
    expect(fetchCommentThreads).toHaveBeenCalledTimes(1);

    vi.mocked(createComment).mockResolvedValueOnce({
      documentId: 'c2',
      status: 'approved',
      message: 'Merci !',
    });
    await state.submit(input, { idempotencyKey: 'key-9876543210' });
    await flushPromises();
    expect(fetchCommentThreads).toHaveBeenCalledTimes(2);
    expect(ids(state.threads.value)).toEqual(['c1', 'c2']);
  });

  it('passes the submission’s Idempotency-Key on to the comments API', async () => {
    vi.mocked(createComment).mockResolvedValue({ documentId: 'c1', status: 'pending', message: 'Merci !' });
    vi.mocked(fetchCommentThreads).mockResolvedValue(response([]));
    const state = useComments('article-1');
    const input = {
      article: 'article-1',
      authorName: 'Awa',
      authorEmail: 'awa@example.org',
      content: 'Merci.',
    };

    await state.submit(input, { idempotencyKey: 'key-0123456789' });

    expect(createComment).toHaveBeenCalledWith(input, { idempotencyKey: 'key-0123456789' });
  });

  describe('with the first page that came with the article', () => {
    it('shows it without asking the API again', async () => {
      const state = useComments('a1', 2, response(['c1', 'c2'], { pageCount: 2, total: 9 }));
      await flushPromises();

      expect(fetchCommentThreads).not.toHaveBeenCalled();
      expect(ids(state.threads.value)).toEqual(['c1', 'c2']);
      expect(state.total.value).toBe(9);
      expect(state.hasMore.value).toBe(true);
      expect(state.loaded.value).toBe(true);
      expect(state.loading.value).toBe(false);
    });

    it('loads the next pages, other sorts and refreshes from the threads API', async () => {
      const state = useComments('a1', 2, response(['c1', 'c2'], { pageCount: 2 }));
      await flushPromises();

      vi.mocked(fetchCommentThreads).mockResolvedValueOnce(response(['c3'], { page: 2, pageCount: 2 }));
      await state.loadMore();
      expect(fetchCommentThreads).toHaveBeenLastCalledWith('a1', { sort: 'oldest', page: 2, pageSize: 2 });
      expect(ids(state.threads.value)).toEqual(['c1', 'c2', 'c3']);
      expect(state.hasMore.value).toBe(false);

      vi.mocked(fetchCommentThreads).mockResolvedValueOnce(response(['c3', 'c2'], { sort: 'newest' }));
      await state.setSort('newest');
      expect(fetchCommentThreads).toHaveBeenLastCalledWith('a1', { sort: 'newest', page: 1, pageSize: 2 });
      expect(ids(state.threads.value)).toEqual(['c3', 'c2']);
    });

    it('asks the API when the given page was made for another page size', async () => {
      vi.mocked(fetchCommentThreads).mockResolvedValue(response(['c1']));
      const state = useComments('a1', 5, response(['c1', 'c2']));
      await flushPromises();

      expect(fetchCommentThreads).toHaveBeenCalledWith('a1', { sort: 'oldest', page: 1, pageSize: 5 });
      expect(ids(state.threads.value)).toEqual(['c1']);
    });

    it('asks the API when no first page came with the article', async () => {
      vi.mocked(fetchCommentThreads).mockResolvedValue(response(['c9']));
      const documentId = ref<string | null>(null);
      const state = useComments(documentId, 2, () => null);
      documentId.value = 'a2';
      await flushPromises();

      expect(fetchCommentThreads).toHaveBeenCalledWith('a2', { sort: 'oldest', page: 1, pageSize: 2 });
      expect(ids(state.threads.value)).toEqual(['c9']);
    });
  });
});
