import { shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import type {
  Article,
  ArticlePageData,
  ArticleSummary,
  CommentThreadsResponse,
  CommunityGroup,
} from '@kiosque/shared';
import { fetchArticlePage } from '../api/articles';
import { nullWhenNotFound, usePageResource } from './usePageResource';

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

  function show(page: ArticlePageData | null): void {
    // A 404 or a new slug loading leaves the groups and related cards as they were: not shown alone.
    if (page === null) {
      article.value = null;
      firstComments.value = null;
      return;
    }
    groups.value = page.groups;
    related.value = page.related ?? [];
    firstComments.value = page.comments;
    article.value = page.article;
  }

  // Following a link from one article to another reuses the page, so the slug can change under us.
  const { loading, notFound, error, reload } = usePageResource({
    source: () => toValue(slug),
    key: keyOf,
    fetch: (current) => nullWhenNotFound(fetchArticlePage(current)),
    show,
    clearWhileLoading: true,
  });

  return { article, groups, related, firstComments, loading, notFound, error, reload };
}
