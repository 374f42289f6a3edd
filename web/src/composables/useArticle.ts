import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type {
  Article,
  ArticlePageData,
  ArticleSummary,
  CommentThreadsResponse,
  CommunityGroup,
} from '@kiosque/shared';
import { fetchArticlePage } from '../api/articles';
import { takeEmbeddedArticlePage } from '../api/early';
import { toApiError, type ApiError } from '../api/client';
import { useLatestRequest } from './useLatestRequest';

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

  async function load(): Promise<void> {
    const isLatest = requests.begin();
    article.value = null;
    firstComments.value = null;
    loading.value = true;
    notFound.value = false;
    error.value = null;
    try {
      const page = await fetchArticlePage(toValue(slug));
      if (!isLatest()) return;
      show(page);
    } catch (caught) {
      if (!isLatest()) return;
      const apiError = toApiError(caught);
      if (apiError.status === 404) notFound.value = true;
      else error.value = apiError;
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
      // The article the page server sent with the HTML: shown in the first render, no request, no
      // loading state (run synchronously, before the component renders).
      const embedded = takeEmbeddedArticlePage(current);
      if (!embedded) return void load();
      requests.supersede();
      show(embedded);
      loading.value = false;
    },
    { immediate: true },
  );

  return { article, groups, related, firstComments, loading, notFound, error, reload: load };
}
