import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isValidEmail } from '@kiosque/shared';
import type { MailConfig } from '../../../../config/kiosque';
import { mailOutbox } from '../../../db/mail-outbox';
import { normaliseCommentEmail } from '../../../documents/comment-email';
import { privacyMail } from './mail-templates';
import { PRIVACY_TOKEN_LIFETIME_S, addressSubject, signMailToken } from './mail-tokens';

const COMMENT_UID = 'api::comment.comment';
const PAGE = 200;
/** One request mail per address and kind per hour, whatever is asked: the form cannot bomb an inbox. */
const REQUEST_WINDOW_MS = 60 * 60_000;

/** What erasure leaves of a comment's author: the thread stays readable, nothing names them. */
export const ERASED_AUTHOR = { authorName: 'Anonyme', authorEmail: 'anonyme@kiosque.invalid' } as const;

export type PrivacyRequestKind = 'export' | 'erasure';

interface StoredComment {
  documentId: string;
  content: string;
  moderationStatus: string;
  authorName: string;
  authorWebsite?: string | null;
  createdAt?: string | Date;
  article?: { title: string; slug: string } | null;
}

/**
 * A reader's privacy requests, by e-mail address and without an account: the request only mails a
 * signed link to that address (so only its owner acts), and answers the same whether or not the
 * address wrote anything, so that the answer never tells whether an address is a commenter's. The
 * link then exports the address's comments (JSON), or erases them: the comments stay, so that the
 * threads read on, signed « Anonyme », without e-mail, website, address hash, browser or key.
 */
export function mailPrivacy(strapi: Core.Strapi, config: MailConfig) {
  const outbox = mailOutbox(strapi);

  async function commentsOf(email: string): Promise<StoredComment[]> {
    const found: StoredComment[] = [];
    for (let start = 0; ; start += PAGE) {
      const page = (await strapi.documents(COMMENT_UID).findMany({
        filters: { authorEmail: email },
        populate: { article: { fields: ['title', 'slug'] } },
        sort: 'createdAt:asc',
        start,
        limit: PAGE,
      })) as StoredComment[];
      found.push(...page);
      if (page.length < PAGE) return found;
    }
  }

  return {
    /** `{ email, request: 'export' | 'erasure' }`; throws a ValidationError (400) for anything else. */
    async request(raw: unknown, now = Date.now()): Promise<void> {
      const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const email = typeof body.email === 'string' ? normaliseCommentEmail(body.email) : '';
      if (!isValidEmail(email)) throw new errors.ValidationError("L'adresse e-mail n'est pas valide.");
      const kind = body.request;
      if (kind !== 'export' && kind !== 'erasure') {
        throw new errors.ValidationError('La demande doit être « export » ou « erasure ».');
      }
      const window = Math.floor(now / REQUEST_WINDOW_MS);
      const [first] = await strapi
        .documents(COMMENT_UID)
        .findMany({ filters: { authorEmail: email }, limit: 1 });
      if (!first) return;
      const token = signMailToken(
        config.secret,
        {
          purpose: kind === 'export' ? 'export' : 'erase',
          subject: addressSubject(email),
          lifetimeS: PRIVACY_TOKEN_LIFETIME_S,
        },
        now,
      );
      await outbox.enqueue(
        {
          dedupeKey: `privacy:${kind}:${email}:${window}`,
          kind: `privacy-${kind}`,
          recipient: email,
          ...privacyMail(kind, `${config.linkBase}/api/mail/privacy/${token}`),
        },
        now,
      );
    },

    /** The address's comments, as the export gives them (no e-mail, hash or browser: the reader knows those). */
    async exportOf(email: string) {
      const comments = await commentsOf(email);
      return {
        email,
        comments: comments.map((comment) => ({
          documentId: comment.documentId,
          article: comment.article?.title ?? null,
          authorName: comment.authorName,
          authorWebsite: comment.authorWebsite ?? null,
          content: comment.content,
          status: comment.moderationStatus,
          createdAt: comment.createdAt,
        })),
      };
    },

    /** Erases what names the address's author in each of their comments; answers how many. */
    async erase(email: string): Promise<number> {
      const comments = await commentsOf(email);
      for (const comment of comments) {
        await strapi.documents(COMMENT_UID).update({
          documentId: comment.documentId,
          data: {
            ...ERASED_AUTHOR,
            authorWebsite: null,
            ipHash: null,
            userAgent: null,
            authorKeyHash: null,
            idempotencyKey: null,
            notifyReplies: false,
            notifyPublished: false,
          } as never,
        });
      }
      await outbox.forgetAddress(email);
      return comments.length;
    },
  };
}
