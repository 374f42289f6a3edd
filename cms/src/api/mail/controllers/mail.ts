import type { Core } from '@strapi/strapi';
import { mail } from '../../../services';
import { linkPage } from '../model/mail-templates';
import type { LinkKind } from '../model/mail-links';

type Context = Parameters<Core.MiddlewareHandler>[0];

/** The link's kind is the path's second segment: /api/mail/<kind>/<token>. */
const kindOf = (ctx: Context): LinkKind => ctx.path.split('/')[3] as LinkKind;

async function answer(strapi: Core.Strapi, ctx: Context, act: boolean): Promise<void> {
  // A page for whoever holds the link: never kept by a browser or a proxy, never indexed.
  ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Robots-Tag', 'noindex');
  ctx.set('Referrer-Policy', 'no-referrer');
  const page = await mail(strapi).open(kindOf(ctx), String(ctx.params.token), act);
  ctx.status = page.status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = linkPage(page);
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `GET /api/mail/:kind/:token`: says what the button does. */
  show: (ctx: Context) => answer(strapi, ctx, false),
  /** `POST /api/mail/:kind/:token`: the page's button, or a mail client's one-click unsubscribe. */
  act: (ctx: Context) => answer(strapi, ctx, true),
});
