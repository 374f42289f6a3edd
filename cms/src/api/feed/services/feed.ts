import type { Core } from '@strapi/strapi';
import { contentVersionOf } from '../../../cache/content-version';
import { etagOf, responseCacheConfig } from '../../../cache/response-cache';
import { PerGeneration } from '../../../feeds/per-generation';
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

export type FeedName = 'rss' | 'sitemap';

/** A feed as it is sent: its bytes and their ETag. */
export interface BuiltFeed {
  body: Buffer;
  etag: string;
}

/**
 * Published versions only (drafts never). `built()` keeps each feed until content readers can see
 * changes (the content version, see cache/content-version.ts): unpublishing removes an entry from the
 * next request on this instance, and within RESPONSE_CACHE_SYNC_MS on the others.
 */
const feedService = ({ strapi }: { strapi: Core.Strapi }) => {
  const kept = new Map<FeedName, PerGeneration<BuiltFeed>>();

  return {
    siteUrl(): string {
      return String(strapi.config.get('site.url'));
    },

    /** Reads the database and renders the RSS feed. */
    async rss(): Promise<string> {
      const articles = await strapi.documents(ARTICLE_UID).findMany({ ...FEED_QUERY, limit: RSS_ITEMS });
      return renderRss(this.siteUrl(), articles as unknown as FeedArticle[]);
    },

    /** Reads the database and renders the sitemap. */
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

    /** The feed as served: built at most once per content generation, even for a crowd. */
    built(name: FeedName): Promise<BuiltFeed> {
      const build = async (): Promise<BuiltFeed> => {
        const body = Buffer.from(name === 'rss' ? await this.rss() : await this.sitemap());
        return { body, etag: etagOf(body) };
      };
      // RESPONSE_CACHE=off keeps nothing, feeds included.
      if (!responseCacheConfig(strapi).enabled) return build();
      let feed = kept.get(name);
      if (!feed) {
        const content = contentVersionOf(strapi);
        feed = new PerGeneration(() => content.version, build);
        kept.set(name, feed);
      }
      return feed.get();
    },
  };
};

export type FeedService = ReturnType<typeof feedService>;

export default feedService;
