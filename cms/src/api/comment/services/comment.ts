import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  COMMENTS_PAGE_SIZE,
  validateCommentInput,
  type CommentCreated,
  type CommentFieldErrors,
  type CommentStatus,
  type FieldErrorDetail,
} from '@kiosque/shared';

const COMMENT_UID = 'api::comment.comment';

/** The only fields of a comment any public endpoint returns. */
export const PUBLIC_COMMENT_FIELDS = ['authorName', 'content', 'createdAt'] as const;

const PUBLIC_SORTS = new Set(['createdAt:asc', 'createdAt:desc']);

const STATUS_MESSAGES: Partial<Record<CommentStatus, string>> = {
  approved: 'Merci ! Votre commentaire est publié.',
  pending: 'Merci ! Votre commentaire est en attente de modération et sera publié après validation.',
};

function toFieldErrorDetails(fieldErrors: CommentFieldErrors): FieldErrorDetail[] {
  return Object.entries(fieldErrors).map(([field, message]) => ({
    path: [field],
    message: message ?? '',
    name: 'ValidationError',
  }));
}

export default factories.createCoreService(COMMENT_UID, ({ strapi }) => ({
  /**
   * The query a public comment list runs with: approved comments only, public fields only, no
   * populate, oldest first. The client's filters still apply (e.g. by article) but cannot widen it.
   */
  publicListQuery(query: Record<string, unknown>): Record<string, unknown> {
    const approvedOnly = { moderationStatus: { $eq: 'approved' } };
    const sort =
      typeof query.sort === 'string' && PUBLIC_SORTS.has(query.sort) ? query.sort : 'createdAt:asc';
    return {
      filters: query.filters ? { $and: [query.filters, approvedOnly] } : approvedOnly,
      pagination: query.pagination,
      fields: [...PUBLIC_COMMENT_FIELDS],
      sort,
    };
  },

  /** One page of an article's approved comments, oldest first, with Strapi's pagination meta. */
  async findPublicPage(articleDocumentId: string, page: number, pageSize = COMMENTS_PAGE_SIZE) {
    const filters = {
      article: { documentId: { $eq: articleDocumentId } },
      moderationStatus: { $eq: 'approved' as const },
    };
    const [data, total] = await Promise.all([
      strapi.documents(COMMENT_UID).findMany({
        filters,
        fields: [...PUBLIC_COMMENT_FIELDS],
        sort: 'createdAt:asc',
        start: (page - 1) * pageSize,
        limit: pageSize,
      }),
      strapi.documents(COMMENT_UID).count({ filters }),
    ]);
    return {
      data,
      meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } },
    };
  },

  /**
   * WordPress's rule: an author who already has an approved comment is trusted and published at
   * once; anyone else waits for an editor.
   */
  async initialStatus(authorEmail: string): Promise<CommentStatus> {
    const approvedBefore = await strapi.documents(COMMENT_UID).count({
      // E-mails are stored lower-cased (src/documents/comment-email.ts): an index serves this lookup.
      filters: { authorEmail: { $eq: authorEmail.toLowerCase() }, moderationStatus: { $eq: 'approved' } },
    });
    return approvedBefore > 0 ? 'approved' : 'pending';
  },

  /** Validates a reader's comment, checks the article accepts comments, and stores it. */
  async submit(input: unknown): Promise<CommentCreated> {
    const validation = validateCommentInput(input);
    if (!validation.ok) {
      throw new errors.ValidationError(
        'Le commentaire n’a pas pu être envoyé : vérifiez les champs indiqués.',
        {
          errors: toFieldErrorDetails(validation.errors),
        },
      );
    }
    const { article: articleDocumentId, authorName, authorEmail, content } = validation.value;

    const article = await strapi.service('api::article.article').findPublished(articleDocumentId);
    if (!article) throw new errors.NotFoundError('Cet article est introuvable.');
    if (article.commentsClosed) {
      // A PolicyError is the 403 whose message Strapi lets through to the client.
      throw new errors.PolicyError('Les commentaires sont fermés pour cet article.');
    }

    const status = await this.initialStatus(authorEmail);
    const comment = await strapi.documents(COMMENT_UID).create({
      data: { article: article.documentId, authorName, authorEmail, content, moderationStatus: status },
    });
    return { documentId: comment.documentId, status, message: STATUS_MESSAGES[status] ?? '' };
  },
}));
