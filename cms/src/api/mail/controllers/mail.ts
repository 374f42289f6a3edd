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
  if (page.download) {
    ctx.attachment(page.download.filename);
    ctx.body = page.download.body;
    return;
  }
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = linkPage(page);
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `POST /api/mail/privacy-requests`: `{ data: { email, request } }`, answered 202 whatever the address. */
  async privacyRequest(ctx: Context) {
    const body = ctx.request.body as { data?: unknown } | undefined;
    await mail(strapi).requestPrivacy(body?.data);
    ctx.status = 202;
    ctx.body = {
      data: {
        message:
          'Si des commentaires ont été écrits avec cette adresse, elle va recevoir un lien pour confirmer la demande.',
      },
      meta: {},
    };
  },

  /** `GET /api/mail/:kind/:token`: says what the button does. */
  show: (ctx: Context) => answer(strapi, ctx, false),
  /** `POST /api/mail/:kind/:token`: the page's button, or a mail client's one-click unsubscribe. */
  act: (ctx: Context) => answer(strapi, ctx, true),
});
