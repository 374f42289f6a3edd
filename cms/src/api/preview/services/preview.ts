import type { Core } from '@strapi/strapi';
import {
  COMMENTS_PAGE_SIZE,
  DEFAULT_COMMENT_SORT,
  type CommentThreadsResponse,
  type PreviewStatus,
} from '@kiosque/shared';
import { PAGE_POPULATE } from '../../article/services/article';
import { checkPreviewToken, signPreviewToken, type PreviewTokenCheck } from '../../../utils/preview-token';

const ARTICLE_UID = 'api::article.article';

/**
 * The SPA's draft route. The token rides in the link's fragment (`#token=…`), which browsers never
 * send to a server: it stays out of access logs (the page server's, nginx's, a CDN's), and the SPA
 * takes it out of the address bar as soon as the page opens, so it stays out of the history too.
 */
export const ARTICLE_PREVIEW_PATH = '/apercu/articles/';

/** A preview shows the article, never its comments: drafts have none, and the form is not offered. */
const NO_COMMENTS: CommentThreadsResponse = {
  data: [],
  meta: {
    pagination: { page: 1, pageSize: COMMENTS_PAGE_SIZE, pageCount: 0, total: 0 },
    total: 0,
    sort: DEFAULT_COMMENT_SORT,
  },
};

export function previewStatusOf(value: unknown): PreviewStatus {
  return value === 'published' ? 'published' : 'draft';
}

/**
 * Draft previews for editors. The content manager's preview handler (config/admin.ts) asks for a
 * link; the reader site's draft route calls the preview endpoint with the link's token, which lets it
 * read that one article, draft included, until the token expires.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const previewSecret = () => strapi.config.get<string>('preview.secret');

  return {
    /** The reader site's address that shows this article as the given version, with a fresh token. */
    articlePreviewUrl(documentId: string, status?: string, now = Date.now()): string {
      const url = new URL(
        `${ARTICLE_PREVIEW_PATH}${encodeURIComponent(documentId)}`,
        `${strapi.config.get<string>('site.url')}/`,
      );
      if (previewStatusOf(status) === 'published') url.searchParams.set('status', 'published');
      url.hash = `token=${signPreviewToken(previewSecret(), documentId, now)}`;
      return url.toString();
    },

    checkToken(token: unknown, documentId: string): PreviewTokenCheck {
      return checkPreviewToken(previewSecret(), token, documentId);
    },

    /**
     * The article page's content for this version of the article, shaped as `GET /api/pages/article/:slug`
     * answers it, or null when there is no such version (an unknown document, or `published` for a
     * draft never published): the article (sanitised, with its comment count and whether comments are
     * open), the groups chosen for its category, no comments, and the published articles a reader would
     * be offered next.
     */
    async articlePage(documentId: string, status: PreviewStatus, auth: unknown) {
      const article = await strapi
        .documents(ARTICLE_UID)
        .findOne({ documentId, status, populate: PAGE_POPULATE });
      if (!article) return null;
      const comments = strapi.service('api::comment.comment');
      const [groups, related, counts, commentsOpen]: [
        unknown,
        { documentId: string }[],
        Map<string, number>,
        boolean,
      ] = await Promise.all([
        strapi.service('api::community-group.community-group').forCategory(article.category?.name ?? null),
        strapi.service(ARTICLE_UID).findRelated(article),
        comments.approvedCounts([documentId]),
        comments.isOpen(article),
      ]);
      const sanitize = (entry: object) =>
        strapi.contentAPI.sanitize.output(entry, strapi.getModel(ARTICLE_UID), { auth }) as Promise<
          Record<string, unknown>
        >;
      const relatedCounts = await comments.approvedCounts(related.map((entry) => entry.documentId));
      return {
        article: { ...(await sanitize(article)), commentCount: counts.get(documentId) ?? 0, commentsOpen },
        groups,
        comments: NO_COMMENTS,
        related: await Promise.all(
          related.map(async (entry) => ({
            ...(await sanitize(entry)),
            commentCount: relatedCounts.get(entry.documentId) ?? 0,
          })),
        ),
      };
    },
  };
};
