import type { Core } from '@strapi/strapi';
import type { PreviewStatus } from '@kiosque/shared';
import { communityGroups } from '../../../services';
import { PAGE_POPULATE } from '../../article/services/article';
import { checkPreviewToken, signPreviewToken, type PreviewTokenCheck } from '../../../utils/preview-token';

const ARTICLE_UID = 'api::article.article';

/**
 * The SPA's draft route. The token rides in the link's fragment (`#token=…`), which browsers never
 * send to a server: it stays out of access logs (the page server's, nginx's, a CDN's), and the SPA
 * takes it out of the address bar as soon as the page opens, so it stays out of the history too.
 */
export const ARTICLE_PREVIEW_PATH = '/apercu/articles/';

export function previewStatusOf(value: unknown): PreviewStatus {
  return value === 'published' ? 'published' : 'draft';
}

/**
 * Draft previews for editors. The content manager's preview handler (config/admin.ts) asks for a
 * link; the reader site's draft route calls the preview endpoint with the link's token, which lets it
 * read that one article, draft included, until the token expires.
 */
const previewService = ({ strapi }: { strapi: Core.Strapi }) => {
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
     * What the preview page shows of this version of the article, or null when there is no such
     * version (an unknown document, or `published` for a draft never published): the article
     * (sanitised) and the groups chosen for its category. A preview shows no comments (drafts have
     * none, and the form is not offered) nor the related articles.
     */
    async articlePage(documentId: string, status: PreviewStatus, auth: unknown) {
      const article = await strapi
        .documents(ARTICLE_UID)
        .findOne({ documentId, status, populate: PAGE_POPULATE });
      if (!article) return null;
      const [groups, sanitized] = await Promise.all([
        communityGroups(strapi).forCategory(article.category?.name ?? null),
        strapi.contentAPI.sanitize.output(article, strapi.getModel(ARTICLE_UID), { auth }) as Promise<
          Record<string, unknown>
        >,
      ]);
      return { article: sanitized, groups };
    },
  };
};

export type PreviewService = ReturnType<typeof previewService>;

export default previewService;
