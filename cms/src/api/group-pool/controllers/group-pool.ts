import { factories } from '@strapi/strapi';
import { groupPools } from '../../../services';

/** A reader's page, not an API answer: whoever typed or scanned the address sees French, not JSON. */
function readerPage(title: string, text: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p><p><a href="/">Retour à l’accueil</a></p></main></body></html>`;
}

export default factories.createCoreController('api::group-pool.group-pool', ({ strapi }) => ({
  /** Sends the visitor on to the pool's group with a seat, or its fallback channel. */
  async join(ctx) {
    const outcome = await groupPools(strapi).visit(String(ctx.params.slug), {
      method: ctx.method,
      headers: ctx.headers,
      ip: ctx.request.ip,
    });
    // The next visit may go elsewhere: never kept by a browser or a proxy.
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (outcome.kind === 'unknown' || outcome.kind === 'nowhere') {
      ctx.status = 404;
      ctx.type = 'text/html; charset=utf-8';
      // The slug is never echoed: nothing a visitor typed is written into the page.
      ctx.body =
        outcome.kind === 'unknown'
          ? readerPage('Adresse introuvable', 'Cette adresse ne mène à aucun groupe. Vérifiez le lien reçu.')
          : readerPage(
              'Groupes complets',
              'Tous les groupes de cette adresse sont complets pour le moment. Revenez bientôt : la rédaction en ouvre de nouveaux.',
            );
      return;
    }
    ctx.status = 302;
    ctx.redirect(outcome.inviteUrl);
  },
}));
