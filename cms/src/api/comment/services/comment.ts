import { factories, type Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  COMMENT_HONEYPOT_FIELD,
  MAX_COMMENT_DEPTH,
  validateCommentInput,
  type CommentCreated,
  type CommentField,
  type CommentFieldErrors,
  type CommentInput,
  type CommentSort,
  type CommentStatus,
  type CommentThread,
  type CommentThreadsResponse,
  type FieldErrorDetail,
  type PublicComment,
} from '@kiosque/shared';
import type { CommentSettings } from '../../comment-setting/services/comment-setting';
import { responseCacheOf } from '../../../cache/response-cache';
import { hashAuthorKey, hashIp } from '../../../utils/keyed-hashes';
import {
  commentRows,
  type CommentRows,
  type ParentComment,
  type StoredComment,
} from '../repositories/comment-rows';
import { commentThreadRows, type CommentThreadRows } from '../repositories/comment-threads';

const COMMENT_UID = 'api::comment.comment';

const commentRowsByStrapi = new WeakMap<object, CommentRows>();
const threadRowsByStrapi = new WeakMap<object, CommentThreadRows>();

function threadRowsOf(strapi: Core.Strapi): CommentThreadRows {
  let rows = threadRowsByStrapi.get(strapi);
  if (!rows) {
    rows = commentThreadRows(strapi);
    threadRowsByStrapi.set(strapi, rows);
  }
  return rows;
}
const ARTICLE_UID = 'api::article.article';

/** The only fields of a comment any public endpoint returns. */
export const PUBLIC_COMMENT_FIELDS = [
  'authorName',
  'authorWebsite',
  'content',
  'createdAt',
  'parentDocumentId',
  'depth',
] as const;

const PUBLIC_SORTS = new Set(['createdAt:asc', 'createdAt:desc']);

/**
 * The one answer to any query the public comment list does not take: a filter, sort, populate or
 * field on anything else would let a visitor probe private fields or unpublished articles, and a
 * different message per key would say which keys exist.
 */
export const PUBLIC_LIST_QUERY_MESSAGE =
  'La liste publique des commentaires accepte seulement filters[article][documentId][$eq], pagination[page], pagination[pageSize] et sort=createdAt:asc ou createdAt:desc.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

const PAGE_NUMBER = /^[1-9][0-9]{0,5}$/;

/** The article a valid public list query names (undefined: every article), or an error. */
function checkPublicListQuery(query: Record<string, unknown>): { articleDocumentId?: string } {
  const refuse = () => new errors.ValidationError(PUBLIC_LIST_QUERY_MESSAGE);
  if (!hasOnlyKeys(query, ['filters', 'pagination', 'sort'])) throw refuse();
  if (query.sort !== undefined && !(typeof query.sort === 'string' && PUBLIC_SORTS.has(query.sort))) {
    throw refuse();
  }
  const { pagination, filters } = query;
  if (pagination !== undefined) {
    if (!isRecord(pagination) || !hasOnlyKeys(pagination, ['page', 'pageSize'])) throw refuse();
    for (const value of Object.values(pagination)) {
      if (typeof value !== 'string' || !PAGE_NUMBER.test(value)) throw refuse();
    }
  }
  if (filters === undefined) return {};
  const article = isRecord(filters) && hasOnlyKeys(filters, ['article']) ? filters.article : undefined;
  const documentId =
    isRecord(article) && hasOnlyKeys(article, ['documentId']) ? article.documentId : undefined;
  const equals = isRecord(documentId) && hasOnlyKeys(documentId, ['$eq']) ? documentId.$eq : undefined;
  if (typeof equals !== 'string' || !DOCUMENT_ID_PATTERN.test(equals)) throw refuse();
  return { articleDocumentId: equals };
}

const STATUS_MESSAGES: Record<'approved' | 'pending', string> = {
  approved: 'Merci ! Votre commentaire est publié.',
  pending: 'Merci ! Votre commentaire est en attente de modération et sera publié après validation.',
};

const RATE_LIMIT_WINDOW_MS = 60_000;
const LINK_PATTERN = /\b(?:https?:\/\/|www\.)\S+/gi;
const DAY_MS = 86_400_000;

export interface CommentClient {
  ip: string;
  userAgent: string;
  /** The client's key for this submission, the same across its retries. */
  idempotencyKey?: string;
}

const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;
/**
 * What a documentId can look like (Strapi's are 24 lower-case letters and digits). Anything else names
 * no document, and is not sent to the database: PostgreSQL refuses a NUL byte with an error.
 */
const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(message ?? '')
  );
}

function answerFor(documentId: string, stored: CommentStatus): CommentCreated {
  // A bot that filled the honeypot gets the answer a held comment gets: it learns nothing.
  const shownStatus = stored === 'approved' ? 'approved' : 'pending';
  return { documentId, status: shownStatus, message: STATUS_MESSAGES[shownStatus] };
}

interface ArticleForComments {
  documentId: string;
  publishedAt?: string | Date | null;
  commentsClosed?: boolean | null;
}

function fieldError(field: CommentField, message: string): errors.ValidationError {
  return new errors.ValidationError(message, {
    errors: [{ path: [field], message, name: 'ValidationError' }],
  });
}

function toFieldErrorDetails(fieldErrors: CommentFieldErrors): FieldErrorDetail[] {
  return Object.entries(fieldErrors).map(([field, message]) => ({
    path: [field],
    message: message ?? '',
    name: 'ValidationError',
  }));
}

export { hashIp };

export function countLinks(text: string): number {
  return text.match(LINK_PATTERN)?.length ?? 0;
}

export function containsBlockedWord(texts: string[], blockedWords: string[]): boolean {
  if (blockedWords.length === 0) return false;
  const haystack = texts.join('\n').toLowerCase();
  return blockedWords.some((word) => haystack.includes(word));
}

export function commentsAreOpen(
  article: ArticleForComments,
  settings: CommentSettings,
  now = Date.now(),
): boolean {
  if (article.commentsClosed) return false;
  if (settings.autoCloseAfterDays === null || !article.publishedAt) return true;
  return now < new Date(article.publishedAt).getTime() + settings.autoCloseAfterDays * DAY_MS;
}

function toPublicComment(row: Record<string, unknown>): PublicComment {
  return {
    documentId: String(row.documentId),
    authorName: String(row.authorName ?? ''),
    authorWebsite:
      typeof row.authorWebsite === 'string' && row.authorWebsite !== '' ? row.authorWebsite : null,
    content: String(row.content ?? ''),
    createdAt: new Date(row.createdAt as string).toISOString(),
    parentDocumentId: typeof row.parentDocumentId === 'string' ? row.parentDocumentId : null,
    depth: typeof row.depth === 'number' ? row.depth : 1,
  };
}

/**
 * Where a reply goes: under its parent, or beside it when the parent is at the deepest level. The
 * parent must be an approved comment of the same article, read in the reply's own transaction (so an
 * editor's rejection cannot slip in between).
 */
export function placementUnder(parent: ParentComment | null): {
  parentDocumentId?: string;
  threadRootId?: string;
  depth: number;
} {
  if (!parent || parent.moderationStatus !== 'approved') {
    throw fieldError('parent', 'Le commentaire auquel vous répondez est introuvable.');
  }
  const parentDepth = parent.depth ?? 1;
  const threadRootId = parent.threadRootId ?? parent.documentId;
  if (parentDepth >= MAX_COMMENT_DEPTH) {
    return { parentDocumentId: parent.parentDocumentId ?? undefined, threadRootId, depth: MAX_COMMENT_DEPTH };
  }
  return { parentDocumentId: parent.documentId, threadRootId, depth: parentDepth + 1 };
}

/** Nests replies (oldest first) under their parents; a reply whose parent is not shown joins the root. */
export function buildThreads(roots: PublicComment[], replies: PublicComment[], rootOf: Map<string, string>) {
  const threads = new Map<string, CommentThread>();
  const rootThreads = roots.map((root) => {
    const thread: CommentThread = { ...root, replies: [] };
    threads.set(root.documentId, thread);
    return thread;
  });
  for (const reply of replies) threads.set(reply.documentId, { ...reply, replies: [] });
  for (const reply of replies) {
    const thread = threads.get(reply.documentId)!;
    const parent =
      (reply.parentDocumentId && threads.get(reply.parentDocumentId)) ||
      threads.get(rootOf.get(reply.documentId) ?? '');
    parent?.replies.push(thread);
  }
  return rootThreads;
}

export default factories.createCoreService(COMMENT_UID, ({ strapi }) => ({
  /**
   * The query a public flat comment list runs with: approved comments of published articles only,
   * public fields only, no populate, oldest first. The client may name one article, pick a page and
   * the order; any other key, filter, sort, populate or field is refused with one message (see
   * PUBLIC_LIST_QUERY_MESSAGE).
   */
  publicListQuery(query: Record<string, unknown>): Record<string, unknown> {
    const { articleDocumentId } = checkPublicListQuery(query);
    const visible: Record<string, unknown>[] = [
      { moderationStatus: { $eq: 'approved' } },
      // An unpublished article keeps only its draft row: its comments are listed nowhere.
      { article: { publishedAt: { $notNull: true } } },
    ];
    if (articleDocumentId !== undefined)
      visible.push({ article: { documentId: { $eq: articleDocumentId } } });
    return {
      filters: { $and: visible },
      pagination: query.pagination,
      fields: [...PUBLIC_COMMENT_FIELDS],
      sort: typeof query.sort === 'string' ? query.sort : 'createdAt:asc',
    };
  },

  /** A page of an article's approved top-level comments, each with its approved replies nested. */
  async threads(
    articleDocumentId: string,
    options: { sort: CommentSort; page: number; pageSize: number },
  ): Promise<CommentThreadsResponse> {
    const article = await strapi.service(ARTICLE_UID).findPublished(articleDocumentId);
    if (!article) throw new errors.NotFoundError('Cet article est introuvable.');

    const rows = threadRowsOf(strapi);
    const [roots, rootCount, total] = await Promise.all([
      rows.roots(articleDocumentId, {
        newestFirst: options.sort === 'newest',
        offset: (options.page - 1) * options.pageSize,
        limit: options.pageSize,
      }),
      rows.countRoots(articleDocumentId),
      rows.countAll(articleDocumentId),
    ]);
    const replies = await rows.replies(
      articleDocumentId,
      roots.map((root) => root.documentId),
    );
    const rootOf = new Map(replies.map((reply) => [reply.documentId, String(reply.threadRootId)]));

    return {
      data: buildThreads(
        roots.map((root) => toPublicComment(root)),
        replies.map((reply) => toPublicComment(reply)),
        rootOf,
      ),
      meta: {
        pagination: {
          page: options.page,
          pageSize: options.pageSize,
          pageCount: Math.ceil(rootCount / options.pageSize),
          total: rootCount,
        },
        total,
        sort: options.sort,
      },
    };
  },

  /** Approved comments per article documentId, in one grouped query whatever the number of articles. */
  async approvedCounts(articleDocumentIds: string[]): Promise<Map<string, number>> {
    const counts = new Map(articleDocumentIds.map((documentId) => [documentId, 0]));
    if (articleDocumentIds.length === 0) return counts;
    const comment = strapi.db.metadata.get(COMMENT_UID);
    const article = strapi.db.metadata.get(ARTICLE_UID);
    const link = (
      comment.attributes.article as {
        joinTable: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
      }
    ).joinTable;
    const statusColumn =
      (comment.attributes.moderationStatus as { columnName?: string }).columnName ?? 'moderation_status';
    const rows: { documentId: string; count: number | string }[] = await strapi.db
      .connection(`${comment.tableName} as c`)
      .join(`${link.name} as l`, `l.${link.joinColumn.name}`, 'c.id')
      .join(`${article.tableName} as a`, 'a.id', `l.${link.inverseJoinColumn.name}`)
      .where(`c.${statusColumn}`, 'approved')
      .whereIn('a.document_id', articleDocumentIds)
      .groupBy('a.document_id')
      .select('a.document_id as documentId')
      .countDistinct({ count: 'c.id' });
    for (const row of rows) counts.set(row.documentId, Number(row.count));
    return counts;
  },

  async isOpen(article: ArticleForComments): Promise<boolean> {
    const settings = await strapi.service('api::comment-setting.comment-setting').current();
    return commentsAreOpen(article, settings);
  },

  /**
   * The status a new comment gets from the site's settings and its content. In the trusted-authors
   * mode, a known commenter is one with an approved comment sent with the same e-mail AND the same
   * commenter key: the e-mail can be read off a signature or guessed, the key never leaves the
   * browser that wrote the approved comment (see CommentInput.authorKey).
   */
  async initialStatus(
    input: CommentInput,
    settings: CommentSettings,
    hasApprovedComment: (authorEmail: string, authorKeyHash: string) => Promise<boolean> = async (
      authorEmail,
      authorKeyHash,
    ) =>
      (await strapi.documents(COMMENT_UID).count({
        filters: {
          authorEmail: { $eq: authorEmail },
          authorKeyHash: { $eq: authorKeyHash },
          moderationStatus: { $eq: 'approved' },
        },
      })) > 0,
  ): Promise<CommentStatus> {
    const texts = [input.content, input.authorName, input.authorEmail, input.authorWebsite ?? ''];
    if (countLinks(input.content) > settings.maxLinks) return 'pending';
    if (containsBlockedWord(texts, settings.blockedWords)) return 'pending';
    if (settings.moderationMode === 'publish-all') return 'approved';
    if (settings.moderationMode === 'hold-all') return 'pending';
    if (input.authorKey === undefined) return 'pending';
    // E-mails are stored lower-cased (shared validation, src/documents/comment-email.ts): an exact
    // match is served by comments_author_email_idx.
    const known = await hasApprovedComment(input.authorEmail.toLowerCase(), hashAuthorKey(input.authorKey));
    return known ? 'approved' : 'pending';
  },

  /**
   * Validates a reader's comment, applies the site's rules and stores it. The idempotency lookup, the
   * article's state, the rate-limit count, the duplicate check and the insert run in one transaction
   * (serialised per client on PostgreSQL by an advisory lock; SQLite runs one transaction at a time),
   * so that parallel posts cannot slip past either check.
   */
  async submit(rawInput: unknown, client: CommentClient): Promise<CommentCreated> {
    const validation = validateCommentInput(rawInput);
    if (!validation.ok) {
      throw new errors.ValidationError(
        'Le commentaire n’a pas pu être envoyé : vérifiez les champs indiqués.',
        {
          errors: toFieldErrorDetails(validation.errors),
        },
      );
    }
    const input = validation.value;
    const idempotencyKey = client.idempotencyKey;
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new errors.ValidationError(
        "L'en-tête Idempotency-Key doit compter 8 à 128 lettres, chiffres, tirets ou soulignés.",
      );
    }
    const honeypot = (rawInput as Record<string, unknown>)[COMMENT_HONEYPOT_FIELD];
    const isBot =
      typeof honeypot === 'string' ? honeypot.trim() !== '' : honeypot !== undefined && honeypot !== null;
    // E-mails are stored lower-cased (shared validation, src/documents/comment-email.ts): exact
    // matches are served by comments_author_email_idx.
    const authorEmail = input.authorEmail.toLowerCase();
    const settings = await strapi.service('api::comment-setting.comment-setting').current();
    const ipHash = hashIp(client.ip);
    let rows = commentRowsByStrapi.get(strapi);
    if (!rows) {
      rows = commentRows(strapi);
      commentRowsByStrapi.set(strapi, rows);
    }
    const cache = responseCacheOf(strapi);

    try {
      const lockKey = Number.parseInt(ipHash.slice(0, 8), 16) | 0;
      const outcome = await rows.transaction(
        lockKey,
        async (tx): Promise<{ answer: CommentCreated; stored?: StoredComment; status?: CommentStatus }> => {
          // A retry of a submission already stored gets the original answer, whatever changed since;
          // parallel attempts with one key wait for each other here and answer as the first did.
          if (idempotencyKey !== undefined) {
            const earlier = await tx.byIdempotencyKey(idempotencyKey);
            if (earlier) return { answer: answerFor(earlier.documentId, earlier.moderationStatus) };
          }
          const article = DOCUMENT_ID_PATTERN.test(input.article)
            ? await tx.article(input.article)
            : { ids: [], published: null };
          if (!article.published) throw new errors.NotFoundError('Cet article est introuvable.');
          if (!commentsAreOpen({ documentId: input.article, ...article.published }, settings)) {
            // A PolicyError is the 403 whose message Strapi lets through to the client.
            throw new errors.PolicyError('Les commentaires sont fermés pour cet article.');
          }
          const placement =
            input.parent === undefined
              ? { depth: 1 }
              : placementUnder(
                  DOCUMENT_ID_PATTERN.test(input.parent)
                    ? await tx.parentOf(input.parent, article.ids)
                    : null,
                );
          const recent = await tx.countSince(
            ipHash,
            new Date(Date.now() - RATE_LIMIT_WINDOW_MS),
            settings.rateLimitPerMinute,
          );
          if (recent >= settings.rateLimitPerMinute) {
            throw new errors.RateLimitError(
              'Trop de commentaires envoyés depuis votre connexion. Réessayez dans une minute.',
            );
          }
          if (!isBot && (await tx.hasDuplicate(article.ids, ipHash, input.content))) {
            throw fieldError('content', 'Vous avez déjà envoyé ce commentaire.');
          }
          const initial: CommentStatus = isBot
            ? 'spam'
            : await this.initialStatus(input, settings, (email, keyHash) =>
                tx.hasApprovedComment(email, keyHash),
              );
          // An approved comment changes what readers see: answers computed from now on are not kept.
          if (initial === 'approved') cache.invalidateLocally();
          const stored = await tx.insert({
            articleRowIds: article.ids,
            authorName: input.authorName,
            authorEmail,
            authorWebsite: input.authorWebsite,
            content: input.content,
            moderationStatus: initial,
            depth: placement.depth,
            parentDocumentId: placement.parentDocumentId,
            threadRootId: placement.threadRootId,
            ipHash,
            userAgent: client.userAgent.slice(0, 500),
            idempotencyKey,
            authorKeyHash: input.authorKey === undefined ? undefined : hashAuthorKey(input.authorKey),
          });
          return { answer: answerFor(stored.documentId, initial), stored, status: initial };
        },
      );
      if (outcome.stored && outcome.status) {
        if (outcome.status === 'approved') await cache.invalidate();
        this.announce(outcome.stored, input, outcome.status);
      }
      return outcome.answer;
    } catch (error) {
      // Two attempts with one key raced: the database kept the first; answer what it answered.
      if (idempotencyKey !== undefined && isUniqueViolation(error)) {
        const earlier = await this.findByIdempotencyKey(idempotencyKey);
        if (earlier) return earlier;
      }
      throw error;
    }
  },

  /**
   * The `entry.create` event the document service would emit (webhooks listen to it), with the
   * comment's public fields and its article's documentId; e-mail, IP hash and key stay private.
   */
  announce(stored: StoredComment, input: CommentInput, status: CommentStatus): void {
    const entry = {
      id: stored.id,
      documentId: stored.documentId,
      authorName: input.authorName,
      authorWebsite: input.authorWebsite ?? null,
      content: input.content,
      moderationStatus: status,
      createdAt: stored.createdAt,
      updatedAt: stored.createdAt,
      publishedAt: stored.createdAt,
      article: { documentId: input.article },
    };
    strapi.eventHub
      .emit('entry.create', { model: 'comment', uid: COMMENT_UID, entry })
      .catch((error: unknown) => strapi.log.warn(`Comment event not delivered (${String(error)}).`));
  },

  async findByIdempotencyKey(idempotencyKey: string): Promise<CommentCreated | null> {
    const earlier = await strapi.documents(COMMENT_UID).findFirst({
      filters: { idempotencyKey: { $eq: idempotencyKey } },
      fields: ['moderationStatus'],
    });
    return earlier ? answerFor(earlier.documentId, earlier.moderationStatus as CommentStatus) : null;
  },
}));
