import type { Core } from '@strapi/strapi';
import {
  COMMENT_HONEYPOT_FIELD,
  placementUnder,
  HOLD_REASONS,
  judgeByRules,
  validateCommentInput,
  commentsAreOpen,
  type CommentCreated,
  type CommentInput,
  type CommentStatus,
  type Judgement,
  type Placement,
} from '@kiosque/shared';
import type { CommentSettings } from '../../comment-setting/services/comment-setting';
import { responseCacheOf } from '../../../cache/response-cache';
import { commentRows, type CommentTransaction, type NewCommentRow } from '../../../db/comment-rows';
import { DOCUMENT_ID } from '../../../db/schema';
import { normaliseCommentEmail } from '../../../documents/comment-email';
import { commentSettings, mail } from '../../../services';
import { hashAuthorKey, hashIp } from '../../../utils/keyed-hashes';
import {
  answerFor,
  articleNotFound,
  commentsClosed,
  duplicateComment,
  invalidFields,
  invalidIdempotencyKey,
  isUniqueViolation,
  parentNotFound,
  rateLimited,
} from './comment-errors';

const COMMENT_UID = 'api::comment.comment';
const RATE_LIMIT_WINDOW_MS = 60_000;
const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

export interface CommentClient {
  ip: string;
  userAgent: string;
  /** The client's key for this submission, the same across its retries. */
  idempotencyKey?: string;
}

/**
 * What the document service does around a comment it creates, for the rows the write path inserts
 * itself; the one place that does it. The e-mail is stored normalised (as documents/comment-email.ts
 * does for the document service's writes); an approved comment empties the response cache (here at
 * once, so that no answer computed from now on is kept, and on every instance after the commit, as
 * cache/invalidation.ts does); and once the row is committed, the `entry.create` event webhooks listen
 * to is emitted with the comment's public fields and its article's documentId only (e-mail, IP hash,
 * user agent, key and its hash stay private).
 */
function commentDocuments(strapi: Core.Strapi) {
  const cache = responseCacheOf(strapi);

  function announce(entry: Record<string, unknown>): void {
    strapi.eventHub
      .emit('entry.create', { model: 'comment', uid: COMMENT_UID, entry })
      .catch((error: unknown) => strapi.log.warn(`Comment event not delivered (${String(error)}).`));
  }

  return {
    /** Whether an approved comment carries this e-mail and this commenter key hash. */
    isKnownAuthor(tx: CommentTransaction, authorEmail: string, authorKeyHash: string): Promise<boolean> {
      // Stored normalised: an exact match is served by comments_author_email_idx.
      return tx.hasApprovedComment(normaliseCommentEmail(authorEmail), authorKeyHash);
    },

    async create(
      tx: CommentTransaction,
      data: NewCommentRow & { articleDocumentId: string },
    ): Promise<{ documentId: string }> {
      const { articleDocumentId, ...row } = data;
      if (row.moderationStatus === 'approved') cache.invalidateLocally();
      const stored = await tx.insert({ ...row, authorEmail: normaliseCommentEmail(row.authorEmail) });
      tx.afterCommit(() => {
        if (row.moderationStatus === 'approved') void cache.invalidate();
        // Queued after the commit, never awaited by the reader's request (api/mail).
        void mail(strapi).commentStored({
          documentId: stored.documentId,
          status: row.moderationStatus,
          authorEmail: row.authorEmail,
          notifyReplies: row.notifyReplies === true,
          notifyPublished: row.notifyPublished === true,
          parentDocumentId: row.parentDocumentId,
        });
        announce({
          id: stored.id,
          documentId: stored.documentId,
          authorName: row.authorName,
          authorWebsite: row.authorWebsite ?? null,
          content: row.content,
          moderationStatus: row.moderationStatus,
          createdAt: stored.createdAt,
          updatedAt: stored.createdAt,
          publishedAt: stored.createdAt,
          article: { documentId: articleDocumentId },
        });
      });
      return stored;
    },
  };
}

export function commentWrites(
  strapi: Core.Strapi,
  findByIdempotencyKey: (key: string) => Promise<CommentCreated | null>,
) {
  const documents = commentDocuments(strapi);

  /**
   * The status a new comment gets from the site's settings and its content, and why it is held. In
   * the trusted-authors mode, a known commenter is one with an approved comment sent with the same
   * e-mail AND the same commenter key: the e-mail can be read off a signature or guessed, the key
   * never leaves the browser that wrote the approved comment (see CommentInput.authorKey).
   */
  async function initialStatus(
    input: CommentInput,
    settings: CommentSettings,
    isKnownAuthor: (authorEmail: string, authorKeyHash: string) => Promise<boolean>,
  ): Promise<Judgement & { status: CommentStatus }> {
    const judged = judgeByRules({ ...input, hasAuthorKey: input.authorKey !== undefined }, settings);
    if (judged.status !== 'ask-trusted') return { status: judged.status, reason: judged.reason };
    return (await isKnownAuthor(input.authorEmail, hashAuthorKey(input.authorKey!)))
      ? { status: 'approved', reason: null }
      : { status: 'pending', reason: HOLD_REASONS.unknownAuthor() };
  }

  /** One submission's rules and insert, inside its transaction (see db/comment-rows.ts). */
  async function write(
    tx: CommentTransaction,
    submission: { input: CommentInput; isBot: boolean; ipHash: string; client: CommentClient },
    settings: CommentSettings,
  ): Promise<CommentCreated> {
    const { input, isBot, ipHash, client } = submission;
    const { idempotencyKey } = client;
    const facts = await tx.facts({
      idempotencyKey,
      articleDocumentId: input.article,
      ipHash,
      since: new Date(Date.now() - RATE_LIMIT_WINDOW_MS),
      atMost: settings.rateLimitPerMinute,
      content: input.content,
    });
    // A retry of a submission already stored gets the original answer, whatever changed since;
    // parallel attempts with one key wait for each other (one client's submissions run one after
    // the other) and answer as the first did.
    if (facts.earlier) return answerFor(facts.earlier.documentId, facts.earlier.moderationStatus);
    const { article } = facts;
    if (!article.published) throw articleNotFound();
    if (!commentsAreOpen(article.published, settings)) throw commentsClosed();
    let placement: Placement = { depth: 1 };
    if (input.parent !== undefined) {
      // The parent must be an approved comment of the same article, read in the reply's own
      // transaction (so an editor's rejection cannot slip in between).
      const parent = DOCUMENT_ID.test(input.parent) ? await tx.parentOf(input.parent, article.ids) : null;
      const under = placementUnder(parent);
      if (!under) throw parentNotFound();
      placement = under;
    }
    if (facts.recent >= settings.rateLimitPerMinute) throw rateLimited();
    if (!isBot && facts.duplicate) throw duplicateComment();
    const { status, reason } = isBot
      ? { status: 'spam' as const, reason: HOLD_REASONS.honeypot() }
      : await initialStatus(input, settings, (email, keyHash) => documents.isKnownAuthor(tx, email, keyHash));
    const stored = await documents.create(tx, {
      articleDocumentId: input.article,
      articleRowIds: article.ids,
      authorName: input.authorName,
      authorEmail: input.authorEmail,
      authorWebsite: input.authorWebsite,
      content: input.content,
      moderationStatus: status,
      depth: placement.depth,
      parentDocumentId: placement.parentDocumentId,
      threadRootId: placement.threadRootId,
      ipHash,
      userAgent: client.userAgent.slice(0, 500),
      idempotencyKey,
      authorKeyHash: input.authorKey === undefined ? undefined : hashAuthorKey(input.authorKey),
      moderationReason: reason ?? undefined,
      notifyReplies: input.notifyReplies === true,
      notifyPublished: input.notifyPublished === true,
    });
    return answerFor(stored.documentId, status);
  }

  return {
    initialStatus,

    /**
     * Validates a reader's comment, applies the site's rules and stores it. The idempotency lookup,
     * the article's state, the rate-limit count, the duplicate check, the trusted-author check and
     * the insert run in one transaction, serialised per client (db/comment-rows.ts), so that
     * parallel posts cannot slip past any check.
     */
    async submit(rawInput: unknown, client: CommentClient): Promise<CommentCreated> {
      const validation = validateCommentInput(rawInput);
      if (!validation.ok) throw invalidFields(validation.errors);
      const { idempotencyKey } = client;
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
        throw invalidIdempotencyKey();
      }
      const honeypot = (rawInput as Record<string, unknown>)[COMMENT_HONEYPOT_FIELD];
      const isBot =
        typeof honeypot === 'string' ? honeypot.trim() !== '' : honeypot !== undefined && honeypot !== null;
      const settings = await commentSettings(strapi).current();
      const ipHash = hashIp(client.ip);
      const lockKey = Number.parseInt(ipHash.slice(0, 8), 16) | 0;
      const submission = { input: validation.value, isBot, ipHash, client };
      try {
        return await commentRows(strapi).transaction(lockKey, (tx) => write(tx, submission, settings));
      } catch (error) {
        // Two attempts with one key raced: the database kept the first; answer what it answered.
        if (idempotencyKey !== undefined && isUniqueViolation(error)) {
          const earlier = await findByIdempotencyKey(idempotencyKey);
          if (earlier) return earlier;
        }
        throw error;
      }
    },
  };
}
