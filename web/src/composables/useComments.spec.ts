import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { ListResponse, PublicComment } from '@kiosque/shared';
import { fetchComments } from '../api/comments';
import { useComments } from './useComments';

vi.mock('../api/comments', () => ({ fetchComments: vi.fn(), createComment: vi.fn() }));

function comments(page: number, pageCount: number, ...contents: string[]): ListResponse<PublicComment> {
  return {
    data: contents.map((content, index) => ({
      documentId: `c${page}-${index}`,
      authorName: 'Awa',
      content,
      createdAt: '2026-03-12T10:00:00.000Z',
    })),
    meta: { pagination: { page, pageSize: 50, pageCount, total: 60 } },
  };
}

afterEach(() => {
  vi.resetAllMocks();
});

describe('useComments', () => {
  it('shows the first page that came with the article without asking the API again', async () => {
    const state = useComments('a1', comments(1, 2, 'Premier'));
    await flushPromises();

    expect(fetchComments).not.toHaveBeenCalled();
    expect(state.comments.value.map((comment) => comment.content)).toEqual(['Premier']);
    expect(state.total.value).toBe(60);
    expect(state.hasMore.value).toBe(true);
  });

  it('loads the next pages from the comments API', async () => {
    vi.mocked(fetchComments).mockResolvedValue(comments(2, 2, 'Second'));
    const state = useComments('a1', comments(1, 2, 'Premier'));
    await flushPromises();

    await state.loadMore();

    expect(fetchComments).toHaveBeenCalledWith('a1', 2);
    expect(state.comments.value.map((comment) => comment.content)).toEqual(['Premier', 'Second']);
    expect(state.hasMore.value).toBe(false);
  });

  it('asks the API when no first page came with the article', async () => {
    vi.mocked(fetchComments).mockResolvedValue(comments(1, 1, 'Depuis l’API'));
    const documentId = ref<string | null>(null);
    const state = useComments(documentId);
    documentId.value = 'a2';
    await flushPromises();

    expect(fetchComments).toHaveBeenCalledWith('a2', 1);
    expect(state.comments.value.map((comment) => comment.content)).toEqual(['Depuis l’API']);
  });
});
