import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { COMMENT_SORTS, type CommentSort } from '@kiosque/shared';
import { comments } from '../../../services';
import { replyError } from '../../../utils/error-reply';
import { refusalOf } from '../model/comment-errors';

const DEFAULT_THREADS_PAGE_SIZE = 20;
const MAX_THREADS_PAGE_SIZE = 100;

function positiveInteger(
  value: unknown,
  fallback: number,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) {
    throw new errors.ValidationError(`Le paramètre ${name} doit être un entier entre 1 et ${max}.`);
  }
  return number;
}

export default factories.createCoreController('api::comment.comment', ({ strapi }) => ({
  async find(ctx) {
    ctx.query = comments(strapi).publicListQuery(ctx.query);
    return super.find(ctx);
  },

  async threads(ctx) {
    const sort = (ctx.query.sort ?? 'oldest') as CommentSort;
    if (!COMMENT_SORTS.includes(sort)) {
      throw new errors.ValidationError('Le tri doit être « newest » ou « oldest ».');
    }
    return comments(strapi).threads(String(ctx.params.documentId), {
      sort,
      page: positiveInteger(ctx.query.page, 1, 'page'),
      pageSize: positiveInteger(
        ctx.query.pageSize,
        DEFAULT_THREADS_PAGE_SIZE,
        'pageSize',
        MAX_THREADS_PAGE_SIZE,
      ),
    });
  },

  async create(ctx) {
    if (!ctx.is('application/json')) {
      replyError(
        ctx,
        415,
        'UnsupportedMediaTypeError',
        'Envoyez le commentaire en JSON (Content-Type: application/json).',
      );
      return;
    }
    const body = ctx.request.body as { data?: unknown } | undefined;
    // The request log counts each answer by its reason (observability/metrics.ts).
    const created = await comments(strapi)
      .submit(body?.data, {
        ip: ctx.request.ip,
        userAgent: ctx.get('user-agent'),
        idempotencyKey: ctx.get('idempotency-key') || undefined,
      })
      .catch((error: unknown) => {
        ctx.state.commentReason = refusalOf(error);
        throw error;
      });
    ctx.state.commentReason = created.status;
    ctx.status = 201;
    return { data: created, meta: {} };
  },
}));
