import type { Core } from '@strapi/strapi';
import { feeds } from '../../../services';
import type { BuiltFeed } from '../services/feed';

type Context = Parameters<Core.MiddlewareHandler>[0];

/** Sends XML with an ETag, so that a feed reader polling an unchanged feed gets a 304. */
function answerXml(ctx: Context, type: string, feed: BuiltFeed): void {
  ctx.set('Cache-Control', 'public, max-age=0, must-revalidate');
  ctx.etag = feed.etag;
  ctx.type = type;
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = feed.body;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    async rss(ctx: Context) {
      answerXml(ctx, 'application/rss+xml; charset=utf-8', await feeds(strapi).built('rss'));
    },
    async sitemap(ctx: Context) {
      answerXml(ctx, 'application/xml; charset=utf-8', await feeds(strapi).built('sitemap'));
    },
  };
};
