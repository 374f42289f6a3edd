import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  isCommentDocumentId,
  validateEditorialReply,
  validateModerationRequest,
  type CommentStatusCounts,
  type ModerationThread,
  type ModerationResult,
  type PendingCount,
} from '@kiosque/shared';
import { comments } from '../../../services';

/**
 * The admin's moderation endpoints (routes in admin/moderation-routes.ts): an authenticated editor,
 * checked against the content manager's own permissions on comments, as the list and the edit view
 * are. The rules are in the comment service (model/comment-moderation.ts).
 */

type Context = Parameters<Core.MiddlewareHandler>[0];

const COMMENT_UID = 'api::comment.comment';

type PermissionChecker = {
  cannot: Record<'read' | 'create' | 'update', (entity?: object, field?: string) => boolean>;
  requiresEntity: Record<'update', () => boolean>;
};

function permissionsOf(strapi: Core.Strapi, ctx: Context): PermissionChecker {
  return strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({ userAbility: ctx.state.userAbility, model: COMMENT_UID }) as PermissionChecker;
}

function bodyOf(ctx: Context): unknown {
  if (!ctx.is('application/json')) {
    throw new errors.ValidationError('Envoyez la demande en JSON (Content-Type: application/json).');
  }
  return ctx.request.body;
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `POST /admin/kiosque/comments/moderate` `{ documentIds, status }`. */
  async moderate(ctx: Context) {
    const permissions = permissionsOf(strapi, ctx);
    if (permissions.cannot.update(undefined, 'moderationStatus')) {
      return ctx.forbidden('Votre rôle ne permet pas de modérer les commentaires.');
    }
    const checked = validateModerationRequest(bodyOf(ctx));
    if (!checked.ok) throw new errors.ValidationError(checked.message);
    // A role limited by a condition (« créés par moi »…) is checked comment by comment, as the
    // content manager checks it before an edit.
    if (permissions.requiresEntity.update()) {
      const targets = await strapi.documents(COMMENT_UID).findMany({
        filters: { documentId: { $in: checked.value.documentIds } },
        populate: ['createdBy'],
        limit: checked.value.documentIds.length,
      });
      if (targets.some((target) => permissions.cannot.update(target, 'moderationStatus'))) {
        return ctx.forbidden('Votre rôle ne permet pas de modérer certains de ces commentaires.');
      }
    }
    const result: ModerationResult = await comments(strapi).moderate(checked.value);
    return { data: result, meta: {} };
  },

  /** `GET /admin/kiosque/comments/pending-count`: the admin home's widget. */
  async pendingCount(ctx: Context) {
    if (permissionsOf(strapi, ctx).cannot.read()) {
      return ctx.forbidden('Votre rôle ne permet pas de lire les commentaires.');
    }
    ctx.set('Cache-Control', 'no-store');
    const data: PendingCount = { pending: await comments(strapi).pendingCount() };
    return { data, meta: {} };
  },

  /** `GET /admin/kiosque/comments/status-counts`: the list's quick filters. */
  async statusCounts(ctx: Context) {
    if (permissionsOf(strapi, ctx).cannot.read()) {
      return ctx.forbidden('Votre rôle ne permet pas de lire les commentaires.');
    }
    ctx.set('Cache-Control', 'no-store');
    const data: CommentStatusCounts = await comments(strapi).statusCounts();
    return { data, meta: {} };
  },

  /** `GET /admin/kiosque/comments/:documentId/thread`: the comment, its parent and its replies. */
  async thread(ctx: Context) {
    if (permissionsOf(strapi, ctx).cannot.read()) {
      return ctx.forbidden('Votre rôle ne permet pas de lire les commentaires.');
    }
    const { documentId } = ctx.params as { documentId?: unknown };
    if (!isCommentDocumentId(documentId)) {
      throw new errors.ValidationError('Cet identifiant ne peut pas être celui d’un commentaire.');
    }
    ctx.set('Cache-Control', 'no-store');
    const data: ModerationThread = await comments(strapi).thread(documentId);
    return { data, meta: {} };
  },

  /** `POST /admin/kiosque/comments/:documentId/reply` `{ content }`: published at once. */
  async reply(ctx: Context) {
    const permissions = permissionsOf(strapi, ctx);
    if (permissions.cannot.create()) {
      return ctx.forbidden('Votre rôle ne permet pas de répondre aux commentaires.');
    }
    const { documentId } = ctx.params as { documentId?: unknown };
    if (!isCommentDocumentId(documentId)) return ctx.notFound('Ce commentaire n’existe pas.');
    const checked = validateEditorialReply(bodyOf(ctx));
    if (!checked.ok) throw new errors.ValidationError(checked.message);
    const editor = ctx.state.user as { email: string };
    const data = await comments(strapi).replyAsEditorial(documentId, checked.value.content, editor);
    ctx.status = 201;
    return { data, meta: {} };
  },
});
