import { computed, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { CommentCreated, CommentInput, ListResponse, PublicComment } from '@kiosque/shared';
import { createComment, fetchComments } from '../api/comments';
import { toApiError, type ApiError } from '../api/client';

/**
 * An article's approved comments, oldest first, and the way to post a new one. Nothing is fetched
 * while the article's documentId is unknown (the article itself is still loading), nor when the first
 * page came with the article (`firstPage`).
 */
export function useComments(
  articleDocumentId: MaybeRefOrGetter<string | null | undefined>,
  firstPage: MaybeRefOrGetter<ListResponse<PublicComment> | null | undefined> = null,
) {
  const comments = shallowRef<PublicComment[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const page = ref(0);
  const pageCount = ref(0);
  let latestRequest = 0;

  function show(response: ListResponse<PublicComment>, shownPage: number): void {
    comments.value = shownPage === 1 ? response.data : [...comments.value, ...response.data];
    total.value = response.meta.pagination?.total ?? comments.value.length;
    page.value = shownPage;
    pageCount.value = response.meta.pagination?.pageCount ?? shownPage;
  }

  async function loadPage(pageToLoad: number): Promise<void> {
    const documentId = toValue(articleDocumentId);
    const request = ++latestRequest;
    if (!documentId) {
      loading.value = false;
      return;
    }
    loading.value = true;
    error.value = null;
    try {
      const response = await fetchComments(documentId, pageToLoad);
      if (request !== latestRequest) return;
      show(response, pageToLoad);
    } catch (caught) {
      if (request === latestRequest) error.value = toApiError(caught);
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  const hasMore = computed(() => page.value < pageCount.value);
  const reload = (): Promise<void> => loadPage(1);
  const loadMore = (): Promise<void> => loadPage(page.value + 1);

  /** Posts a comment; resolves with the CMS's answer or rejects with an ApiError. */
  async function submit(input: CommentInput): Promise<CommentCreated> {
    try {
      return await createComment(input);
    } catch (caught) {
      throw toApiError(caught);
    }
  }

  watch(
    () => toValue(articleDocumentId),
    () => {
      comments.value = [];
      total.value = 0;
      page.value = 0;
      pageCount.value = 0;
      error.value = null;
      const given = toValue(firstPage);
      if (given) {
        latestRequest += 1;
        loading.value = false;
        show(given, 1);
      } else void reload();
    },
    { immediate: true },
  );

  return { comments, loading, error, total, hasMore, reload, loadMore, submit };
}
