import {
  computed,
  inject,
  provide,
  readonly,
  ref,
  shallowRef,
  toValue,
  watch,
  type InjectionKey,
  type MaybeRefOrGetter,
} from 'vue';
import type { CommentCreated, CommentSort, CommentThread, CommentThreadsResponse } from '@kiosque/shared';
import {
  COMMENTS_PAGE_SIZE,
  DEFAULT_COMMENT_SORT,
  createComment,
  fetchCommentThreads,
  type CommentSubmission,
  type CreateCommentOptions,
} from '../api/comments';
import { toApiError, type ApiError } from '../api/client';
import { useLatestRequest } from './useLatestRequest';

/**
 * How a comment form sends a comment: the article's {@link useComments} `submit`, which the page
 * provides once ({@link provideSubmitComment}) to its comment form and every reply form below it.
 */
export type SubmitComment = (
  input: CommentSubmission,
  options: Pick<CreateCommentOptions, 'idempotencyKey'>,
) => Promise<CommentCreated>;

export const SUBMIT_COMMENT: InjectionKey<SubmitComment> = Symbol('kiosque:submit-comment');

/** Gives the comment forms of this component's tree the way to send a comment. */
export function provideSubmitComment(submit: SubmitComment): void {
  provide(SUBMIT_COMMENT, submit);
}

/** The way to send a comment that a page provided; a form outside an article's comments is a bug. */
export function injectSubmitComment(): SubmitComment {
  const submit = inject(SUBMIT_COMMENT, null);
  if (!submit) throw new Error('A comment form needs an article’s comments: call provideSubmitComment.');
  return submit;
}

/** Adds the threads not listed yet: a comment approved meanwhile can shift a page onto the next one. */
function appendNew(list: CommentThread[], threads: readonly CommentThread[]): CommentThread[] {
  const known = new Set(list.map((thread) => thread.documentId));
  return [...list, ...threads.filter((thread) => !known.has(thread.documentId))];
}

/**
 * An article's approved comments as threads, one page of top-level threads at a time, and the way
 * to post a new one. Nothing is fetched while the article's documentId is unknown (the article itself
 * is still loading), nor when the first page came with the article (`firstPage`, used when its sort
 * and page size are the ones asked for); sorting, « Afficher plus » and refreshes ask the API.
 */
export function useComments(
  articleDocumentId: MaybeRefOrGetter<string | null | undefined>,
  pageSize = COMMENTS_PAGE_SIZE,
  firstPage: MaybeRefOrGetter<CommentThreadsResponse | null | undefined> = null,
) {
  const threads = shallowRef<CommentThread[]>([]);
  /** Every approved comment of the article, replies included. */
  const total = ref(0);
  const sort = ref<CommentSort>(DEFAULT_COMMENT_SORT);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const page = ref(0);
  const pageCount = ref(0);
  // Only the latest request may write its answer: a slow older one must not overwrite a newer list.
  const requests = useLatestRequest();

  /** Loads pages `firstPage` to `lastPage`; starting at 1 replaces the list, otherwise appends to it. */
  async function loadPages(firstPage: number, lastPage: number): Promise<void> {
    const documentId = toValue(articleDocumentId);
    const isLatest = requests.begin();
    if (!documentId) {
      loading.value = false;
      return;
    }
    loading.value = true;
    error.value = null;
    const requestedSort = sort.value;
    try {
      let list = firstPage === 1 ? [] : threads.value;
      let loadedPage = page.value;
      for (let pageToLoad = firstPage; pageToLoad <= lastPage; pageToLoad += 1) {
        const response = await fetchCommentThreads(documentId, {
          sort: requestedSort,
          page: pageToLoad,
          pageSize,
        });
        if (!isLatest()) return;
        list = appendNew(list, response.data);
        loadedPage = pageToLoad;
        total.value = response.meta.total;
        pageCount.value = response.meta.pagination?.pageCount ?? pageToLoad;
        if (pageToLoad >= pageCount.value) break;
      }
      threads.value = list;
      page.value = loadedPage;
    } catch (caught) {
      if (isLatest()) error.value = toApiError(caught);
    } finally {
      if (isLatest()) loading.value = false;
    }
  }

  /** Shows a first page that came with the article, if it answers what this list would ask for. */
  function showGivenFirstPage(): boolean {
    const given = toValue(firstPage);
    if (!given || given.meta.sort !== sort.value || given.meta.pagination.pageSize !== pageSize) return false;
    requests.supersede();
    loading.value = false;
    threads.value = given.data;
    total.value = given.meta.total;
    pageCount.value = given.meta.pagination.pageCount;
    page.value = 1;
    return true;
  }

  const hasMore = computed(() => page.value < pageCount.value);
  /** True once a first page answered: `total` is then the article's current count. */
  const loaded = computed(() => page.value > 0);
  const reload = (): Promise<void> => loadPages(1, 1);
  const loadMore = (): Promise<void> => loadPages(page.value + 1, page.value + 1);
  /** Loads again every page shown so far, so that a comment just approved appears where it belongs. */
  const refresh = (): Promise<void> => loadPages(1, Math.max(page.value, 1));

  /** Changes the order of the threads and starts again from the first page. */
  function setSort(value: CommentSort): Promise<void> {
    sort.value = value;
    return reload();
  }

  /**
   * Posts a comment, retrying with the form's Idempotency-Key while the outcome is unknown; resolves
   * with the CMS's answer or rejects with an ApiError. An approved comment is public at once, so the
   * list is loaded again to show it where it belongs; a pending one is not public yet.
   */
  const submit: SubmitComment = async (input, options) => {
    let result: CommentCreated;
    try {
      result = await createComment(input, options);
    } catch (caught) {
      throw toApiError(caught);
    }
    if (result.status === 'approved') void refresh();
    return result;
  };

  watch(
    () => toValue(articleDocumentId),
    () => {
      threads.value = [];
      total.value = 0;
      page.value = 0;
      pageCount.value = 0;
      error.value = null;
      if (!showGivenFirstPage()) void reload();
    },
    { immediate: true },
  );

  return {
    threads,
    total,
    sort: readonly(sort),
    loading,
    error,
    hasMore,
    loaded,
    reload,
    loadMore,
    refresh,
    setSort,
    submit,
  };
}
