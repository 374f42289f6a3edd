import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type {
  Article,
  ArticlePageData,
  ArticleSummary,
  CommentThreadsResponse,
  CommunityGroup,
} from '@kiosque/shared';
import { fetchArticlePage } from '../api/articles';
import { toApiError, type ApiError } from '../api/client';
import { useLatestRequest } from './useLatestRequest';
import { usePageState } from './usePageState';

const keyOf = (slug: string): string => `article:${slug}`;

/**
 * The published article with this slug, with the groups to join and its first page of comments, all
 * from one request. `notFound` and `error` are kept apart because the page shows a 404 for the first
 * and a retry for the second.
 */
export function useArticle(slug: MaybeRefOrGetter<string>) {
  const article = shallowRef<Article | null>(null);
  const groups = shallowRef<CommunityGroup[]>([]);
  /** The newest other articles of its category. */
  const related = shallowRef<ArticleSummary[]>([]);
  const firstComments = shallowRef<CommentThreadsResponse | null>(null);
  const loading = ref(true);
  const notFound = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const requests = useLatestRequest();
  const pageState = usePageState();
  let running: Promise<void> | undefined;

  async function load(): Promise<void> {
    const isLatest = requests.begin();
    article.value = null;
    firstComments.value = null;
    loading.value = true;
    notFound.value = false;
    error.value = null;
    try {
      const key = keyOf(toValue(slug));
      const page = await fetchArticlePage(toValue(slug));
      if (!isLatest()) return;
      show(page);
      pageState.put(key, page);
    } catch (caught) {
      if (!isLatest()) return;
      const apiError = toApiError(caught);
      if (apiError.status === 404) {
        notFound.value = true;
        pageState.notFound();
        pageState.put(keyOf(toValue(slug)), null);
      } else {
        error.value = apiError;
        pageState.unavailable(apiError);
      }
    } finally {
      if (isLatest()) loading.value = false;
    }
  }

  function show(page: ArticlePageData): void {
    groups.value = page.groups;
    related.value = page.related ?? [];
    firstComments.value = page.comments;
    article.value = page.article;
  }

  // Following a link from one article to another reuses the page, so the slug can change under us.
  watch(
    () => toValue(slug),
    (current) => {
      // The article the page was rendered with on the server: shown in the hydrating render, no
      // request, no loading state (run synchronously, before the component renders).
      const given = pageState.take<ArticlePageData>(keyOf(current));
      if (given === undefined) return void (running = load());
      requests.supersede();
      if (given === null) notFound.value = true;
      else show(given);
      loading.value = false;
    },
    { immediate: true },
  );
  pageState.prefetch(() => running);

  return { article, groups, related, firstComments, loading, notFound, error, reload: load };
}
