import type { Core } from '@strapi/strapi';
import { renderRss, renderSitemap, type FeedArticle } from '../../../feeds/xml';

const ARTICLE_UID = 'api::article.article';

/** Articles in the RSS feed. */
export const RSS_ITEMS = 20;
/** The sitemaps protocol's limit for one file. */
const SITEMAP_MAX_URLS = 50_000;
const PAGE = 1000;

const FEED_QUERY = {
  status: 'published' as const,
  sort: 'publishedAt:desc' as const,
  fields: ['title', 'slug', 'excerpt', 'publishedAt', 'updatedAt'] as (
    'title' | 'slug' | 'excerpt' | 'publishedAt' | 'updatedAt'
  )[],
  populate: {
    category: { fields: ['name', 'slug'] as ('name' | 'slug')[] },
    author: { fields: ['name'] as 'name'[] },
  },
};

/** Published versions only (drafts never), read at each request: unpublishing removes an entry at once. */
const feedService = ({ strapi }: { strapi: Core.Strapi }) => ({
  siteUrl(): string {
    return String(strapi.config.get('site.url'));
  },

  async rss(): Promise<string> {
    const articles = await strapi.documents(ARTICLE_UID).findMany({ ...FEED_QUERY, limit: RSS_ITEMS });
    return renderRss(this.siteUrl(), articles as unknown as FeedArticle[]);
  },

  async sitemap(): Promise<string> {
    const articles: FeedArticle[] = [];
    for (let start = 0; start < SITEMAP_MAX_URLS; start += PAGE) {
      const page = await strapi.documents(ARTICLE_UID).findMany({ ...FEED_QUERY, start, limit: PAGE });
      articles.push(...(page as unknown as FeedArticle[]));
      if (page.length < PAGE) break;
    }
    const categories = await strapi
      .documents('api::category.category')
      .findMany({ fields: ['slug', 'updatedAt'], sort: 'name:asc' });
    return renderSitemap(
      this.siteUrl(),
      articles.slice(0, SITEMAP_MAX_URLS - categories.length - 1),
      categories as unknown as { slug: string; updatedAt: string }[],
    );
  },
});

export type FeedService = ReturnType<typeof feedService>;

export default feedService;
