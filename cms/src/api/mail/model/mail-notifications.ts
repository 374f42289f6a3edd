import { createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { SITE_NAME } from '@kiosque/shared';
import type { MailConfig } from '../../../../config/kiosque';
import { mailOutbox } from '../../../db/mail-outbox';
import { normaliseCommentEmail } from '../../../documents/comment-email';
import { articleUrl } from '../../../feeds/xml';
import { commentSettings } from '../../../services';
import {
  confirmationMail,
  digestMail,
  heldCommentMail,
  poolNearlyFullMail,
  publishedMail,
  replyMail,
  type HeldCommentView,
} from './mail-templates';
import {
  ACTION_TOKEN_LIFETIME_S,
  CONFIRM_TOKEN_LIFETIME_S,
  addressSubject,
  signMailToken,
  type MailTokenPurpose,
} from './mail-tokens';

const COMMENT_UID = 'api::comment.comment';
/** An unsubscribed address is asked to confirm again at most once per window (a day). */
const RECONFIRM_WINDOW_MS = 24 * 3600_000;

/** What the write path tells the mail about a comment it has just committed. */
export interface StoredCommentFacts {
  documentId: string;
  status: string;
  authorEmail: string;
  notifyReplies: boolean;
  notifyPublished: boolean;
  parentDocumentId?: string;
}

interface CommentWithArticle {
  documentId: string;
  authorName: string;
  authorEmail: string;
  content: string;
  moderationStatus: string;
  moderationReason?: string | null;
  parentDocumentId?: string | null;
  notifyReplies?: boolean | null;
  notifyPublished?: boolean | null;
  createdAt?: string | Date;
  article?: { title: string; slug: string } | null;
}

/**
 * What Kiosque mails, and when: the moderators when a comment is held (at once or in a digest), a
 * reader once to confirm an address, and a confirmed reader when a reply to their comment is
 * approved. Every mail goes into the outbox (db/mail-outbox.ts) under a dedupe key naming the event,
 * so that the same event seen twice (two instances, a retry, a status set back and forth) makes one
 * mail; the sender loop (mail-sender.ts) sends it later. Nothing here throws into a comment's write.
 */
export function mailNotifications(strapi: Core.Strapi, config: MailConfig) {
  const outbox = mailOutbox(strapi);
  const siteUrl = (): string => strapi.config.get<string>('site.url');
  const link = (kind: string, token: string): string => `${config.linkBase}/api/mail/${kind}/${token}`;
  /** Digest windows this instance has queued already (the dedupe key guards the others). */
  const windowsDone = new Set<string>();

  /**
   * One nonce per comment, derived from it, so that every link for it (approve and spam, in each
   * moderator's mail, at once or in a digest) is spent by the first one used.
   */
  const commentNonce = (documentId: string): string =>
    createHmac('sha256', config.secret)
      .update(`kiosque-mail:nonce:${documentId}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');

  const actionUrl = (purpose: MailTokenPurpose, documentId: string): string =>
    link(
      'moderation',
      signMailToken(config.secret, {
        purpose,
        subject: documentId,
        nonce: commentNonce(documentId),
        lifetimeS: ACTION_TOKEN_LIFETIME_S,
      }),
    );

  /** An unsubscribe link and the RFC 2369 / RFC 8058 headers that carry it, for a reader's address. */
  function readerHeaders(email: string): { url: string; headers: Record<string, string> } {
    const url = link(
      'unsubscribe',
      signMailToken(config.secret, {
        purpose: 'unsubscribe',
        subject: addressSubject(email),
        lifetimeS: null,
      }),
    );
    return {
      url,
      headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
  }

  const findComment = (documentId: string) =>
    strapi.documents(COMMENT_UID).findOne({
      documentId,
      populate: { article: { fields: ['title', 'slug'] } },
    }) as Promise<CommentWithArticle | null>;

  function heldView(comment: CommentWithArticle): HeldCommentView {
    return {
      authorName: comment.authorName,
      content: comment.content,
      articleTitle: comment.article?.title ?? 'article supprimé',
      articleUrl: comment.article ? articleUrl(siteUrl(), comment.article.slug) : siteUrl(),
      reason: comment.moderationReason ?? null,
      approveUrl: actionUrl('approve', comment.documentId),
      spamUrl: actionUrl('spam', comment.documentId),
    };
  }

  /** A held comment, in a mail of its own to each moderator (when the site mails at once). */
  async function heldComment(documentId: string): Promise<void> {
    const settings = await commentSettings(strapi).current();
    if (settings.moderatorEmails.length === 0 || settings.moderatorDigestMinutes > 0) return;
    const comment = await findComment(documentId);
    if (!comment || comment.moderationStatus !== 'pending') return;
    const content = heldCommentMail(heldView(comment));
    for (const moderator of settings.moderatorEmails) {
      await outbox.enqueue({
        dedupeKey: `held:${documentId}:${moderator}`,
        kind: 'held',
        recipient: moderator,
        ...content,
      });
    }
  }

  /**
   * The digests due at `now`: one mail per moderator for each ended window of N minutes (counted from
   * the epoch, the same on every instance) that held comments still pending. The last three windows
   * are looked at, so that an instance that was busy or restarting across a boundary catches up; the
   * dedupe key (the window's number) makes each window one mail, whichever instance gets there.
   */
  async function prepareDigests(now = Date.now()): Promise<void> {
    const settings = await commentSettings(strapi).current();
    const minutes = settings.moderatorDigestMinutes;
    if (settings.moderatorEmails.length === 0 || minutes <= 0) return;
    const windowMs = minutes * 60_000;
    const current = Math.floor(now / windowMs);
    for (let window = current - 3; window < current; window += 1) {
      const key = `${minutes}:${window}:${settings.moderatorEmails.join(',')}`;
      if (windowsDone.has(key)) continue;
      const held = (await strapi.documents(COMMENT_UID).findMany({
        filters: {
          moderationStatus: 'pending',
          createdAt: {
            $gte: new Date(window * windowMs).toISOString(),
            $lt: new Date((window + 1) * windowMs).toISOString(),
          },
        },
        populate: { article: { fields: ['title', 'slug'] } },
        sort: 'createdAt:asc',
        limit: 200,
      })) as CommentWithArticle[];
      if (held.length > 0) {
        const content = digestMail(held.map(heldView), minutes);
        for (const moderator of settings.moderatorEmails) {
          await outbox.enqueue({
            dedupeKey: `digest:${minutes}:${window}:${moderator}`,
            kind: 'digest',
            recipient: moderator,
            ...content,
          });
        }
      }
      windowsDone.add(key);
    }
  }

  /**
   * A reader ticked a notification box: the first time for an address, it is confirmed by mail. An
   * address that unsubscribed and ticks again is asked again (double opt-in once more, the address
   * back to `pending`), at most once a day: whoever types someone else's address into the form cannot
   * turn the confirmation into a stream of mails.
   */
  async function optIn(authorEmail: string, now = Date.now()): Promise<void> {
    const email = normaliseCommentEmail(authorEmail);
    let dedupeKey = `confirm:${email}`;
    if (!(await outbox.addSubscriber(email, now))) {
      if (!(await outbox.setSubscriberStatus(email, ['unsubscribed'], 'pending', now))) {
        // Pending or confirmed: asked already, nothing to send.
        return;
      }
      dedupeKey = `reconfirm:${email}:${Math.floor(now / RECONFIRM_WINDOW_MS)}`;
    }
    const { url, headers } = readerHeaders(email);
    const confirmUrl = link(
      'confirmation',
      signMailToken(config.secret, {
        purpose: 'confirm',
        subject: addressSubject(email),
        lifetimeS: CONFIRM_TOKEN_LIFETIME_S,
      }),
    );
    await outbox.enqueue({
      dedupeKey,
      kind: 'confirm',
      recipient: email,
      headers,
      ...confirmationMail({ siteName: SITE_NAME, confirmUrl, unsubscribeUrl: url }),
    });
  }

  /**
   * A held comment an editor approved, whose author asked to hear of it and confirmed the address:
   * one mail (dedupe key: the comment), however often it is approved again.
   */
  async function ownCommentPublished(comment: CommentWithArticle): Promise<void> {
    if (comment.notifyPublished !== true) return;
    const email = normaliseCommentEmail(comment.authorEmail);
    if ((await outbox.subscriberStatus(email)) !== 'confirmed') return;
    const { url, headers } = readerHeaders(email);
    await outbox.enqueue({
      dedupeKey: `published:${comment.documentId}`,
      kind: 'published',
      recipient: email,
      headers,
      ...publishedMail({
        readerName: comment.authorName,
        content: comment.content,
        articleTitle: comment.article?.title ?? SITE_NAME,
        articleUrl: comment.article
          ? `${articleUrl(siteUrl(), comment.article.slug)}#commentaires`
          : siteUrl(),
        unsubscribeUrl: url,
      }),
    });
  }

  /**
   * A reply is approved: if it answers a comment whose author asked for replies and confirmed the
   * address, that author gets one mail (dedupe key: the reply), never the reply's author's address,
   * and nothing when they answered themselves.
   */
  async function replyApproved(reply: CommentWithArticle): Promise<void> {
    if (!reply.parentDocumentId) return;
    const parent = await findComment(reply.parentDocumentId);
    if (!parent || parent.notifyReplies !== true) return;
    const email = normaliseCommentEmail(parent.authorEmail);
    if (email === normaliseCommentEmail(reply.authorEmail)) return;
    if ((await outbox.subscriberStatus(email)) !== 'confirmed') return;
    const { url, headers } = readerHeaders(email);
    await outbox.enqueue({
      dedupeKey: `reply:${reply.documentId}`,
      kind: 'reply',
      recipient: email,
      headers,
      ...replyMail({
        readerName: parent.authorName,
        replierName: reply.authorName,
        reply: reply.content,
        articleTitle: reply.article?.title ?? parent.article?.title ?? SITE_NAME,
        articleUrl: reply.article ? `${articleUrl(siteUrl(), reply.article.slug)}#commentaires` : siteUrl(),
        unsubscribeUrl: url,
      }),
    });
  }

  /**
   * An editor approved a comment (the approval hook, documents/comment-approval.ts): its author's
   * « publié » mail if they asked, and the reply mail to the comment it answers.
   */
  async function commentApproved(documentId: string): Promise<void> {
    const comment = await findComment(documentId);
    if (!comment || comment.moderationStatus !== 'approved') return;
    await ownCommentPublished(comment);
    await replyApproved(comment);
  }

  /**
   * Everything a newly stored comment asks of the mail; failures are logged, never thrown. A comment
   * published at once gets no « publié » mail (its author sees it on the page as they send it), so
   * its second box asks for no confirmation either; a held one does.
   */
  async function commentStored(facts: StoredCommentFacts): Promise<void> {
    const steps: Promise<void>[] = [];
    if (facts.notifyReplies || (facts.notifyPublished && facts.status === 'pending')) {
      steps.push(optIn(facts.authorEmail));
    }
    if (facts.status === 'pending') steps.push(heldComment(facts.documentId));
    if (facts.status === 'approved' && facts.parentDocumentId) {
      steps.push(
        findComment(facts.documentId).then((reply) =>
          reply?.moderationStatus === 'approved' ? replyApproved(reply) : undefined,
        ),
      );
    }
    for (const outcome of await Promise.allSettled(steps)) {
      if (outcome.status === 'rejected') {
        strapi.log.warn(`Mail for comment ${facts.documentId} not queued (${String(outcome.reason)}).`);
      }
    }
  }

  /**
   * A pool of groups crossed its alert threshold (the pool service calls this once per crossing): a
   * mail to each moderator. The key names the crossing, so that a retried call queues nothing twice.
   */
  async function poolNearlyFull(
    pool: { documentId: string; name: string; slug: string },
    seatsLeft: number,
    crossedAt = Date.now(),
  ): Promise<void> {
    const settings = await commentSettings(strapi).current();
    const content = poolNearlyFullMail({
      poolName: pool.name,
      poolUrl: `${siteUrl().replace(/\/+$/, '')}/rejoindre/${pool.slug}`,
      seatsLeft,
    });
    for (const moderator of settings.moderatorEmails) {
      await outbox.enqueue({
        dedupeKey: `pool-nearly-full:${pool.documentId}:${crossedAt}:${moderator}`,
        kind: 'pool-nearly-full',
        recipient: moderator,
        ...content,
      });
    }
  }

  return { commentStored, commentApproved, prepareDigests, commentNonce, poolNearlyFull };
}
