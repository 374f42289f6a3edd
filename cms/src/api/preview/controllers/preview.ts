import type { Core } from '@strapi/strapi';
import type { PreviewTokenCheck } from '../../../utils/preview-token';
import { DOCUMENT_ID } from '../../../db/schema';
import { previews } from '../../../services';
import { previewStatusOf } from '../services/preview';

const REFUSALS: Record<Exclude<PreviewTokenCheck, 'valid'>, string> = {
  invalid: 'Ce lien d’aperçu n’est pas valide. Ouvrez à nouveau l’aperçu depuis l’administration.',
  expired:
    'Ce lien d’aperçu a expiré. Ouvrez à nouveau l’aperçu depuis l’administration pour en obtenir un nouveau.',
};

type Context = Parameters<Core.MiddlewareHandler>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `GET /api/previews/articles/:documentId`: the token is the guard, checked before anything is read. */
  async article(ctx: Context) {
    // A draft is for the editor holding the link: never kept by a browser or a proxy, never indexed.
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex');

    const documentId = String(ctx.params.documentId);
    const service = previews(strapi);
    const check: PreviewTokenCheck = DOCUMENT_ID.test(documentId)
      ? service.checkToken(ctx.get('x-preview-token'), documentId)
      : 'invalid';
    if (check !== 'valid') return ctx.unauthorized(REFUSALS[check], { reason: check });

    const status = previewStatusOf(ctx.query.status);
    const page = await service.articlePage(documentId, status, ctx.state.auth);
    if (!page) return ctx.notFound('Cet article est introuvable.');
    return { data: page, meta: { status } };
  },
});
