import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { validatePrivacyAddress, type PrivacyErasureResult } from '@kiosque/shared';
import { mail } from '../../../services';

/**
 * An editor's privacy requests from the admin (routes in admin/privacy-routes.ts): the same export
 * and erasure as a reader's signed link (model/mail-privacy.ts), for an address the editor types.
 */

type Context = Parameters<Core.MiddlewareHandler>[0];

function addressOf(ctx: Context): string {
  if (!ctx.is('application/json')) {
    throw new errors.ValidationError('Envoyez la demande en JSON (Content-Type: application/json).');
  }
  const checked = validatePrivacyAddress(ctx.request.body);
  if (!checked.ok) throw new errors.ValidationError(checked.message);
  return checked.value.email;
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `POST /admin/kiosque/privacy/export` `{ email }`: the address's comments, as a JSON file. */
  async export(ctx: Context) {
    const email = addressOf(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.attachment('kiosque-commentaires.json');
    ctx.body = await mail(strapi).exportAddress(email);
  },

  /** `POST /admin/kiosque/privacy/erase` `{ email }`: answers how many comments are now « Anonyme ». */
  async erase(ctx: Context) {
    const email = addressOf(ctx);
    const erased = await mail(strapi).eraseAddress(email);
    // The audit trail: who erased, and how much; never the address, which the erasure is about.
    const editor = (ctx.state.user as { id?: number } | undefined)?.id ?? 'inconnu';
    strapi.log.info(
      `Privacy erasure from the admin by admin user ${editor}: ${erased} comment(s) anonymised.`,
    );
    const result: PrivacyErasureResult = { erased };
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: result };
  },
});
