import type { CommentStatus } from '../types.js';
import { SITE_NAME } from '../site.js';
import { validateCommentContent } from '../validation/comment.js';

/**
 * The admin's moderation contract: what an editor's one-click and bulk actions send, and what the
 * editorial team's reply is. The CMS checks every request with these; the admin panel builds them.
 */

/** The statuses an editor can give a comment from the list (back to pending included: an undo). */
export const MODERATION_STATUSES: readonly CommentStatus[] = ['approved', 'spam', 'rejected', 'pending'];

/**
 * The most comments one request changes: the admin list shows at most 100 rows a page, and a bulk
 * action acts on the selected rows of one page.
 */
export const MODERATION_BATCH_MAX = 100;

/** Where the admin's moderation routes live (under /admin, so the admin host's proxy rules cover them). */
export const MODERATION_API = {
  moderate: '/admin/kiosque/comments/moderate',
  pendingCount: '/admin/kiosque/comments/pending-count',
  statusCounts: '/admin/kiosque/comments/status-counts',
  reply: (documentId: string) => `/admin/kiosque/comments/${encodeURIComponent(documentId)}/reply`,
  thread: (documentId: string) => `/admin/kiosque/comments/${encodeURIComponent(documentId)}/thread`,
} as const;

/** The name the editorial team's replies are signed with; the site adds its « Rédaction » badge. */
export const EDITORIAL_AUTHOR_NAME = `Rédaction ${SITE_NAME}`;

/** What the badge says, on the site and in the admin. */
export const EDITORIAL_BADGE = 'Rédaction';

export interface ModerationRequest {
  documentIds: string[];
  status: CommentStatus;
}

export interface ModerationResult {
  status: CommentStatus;
  /** The comments whose status changed. */
  updated: string[];
  /** The comments that already had this status (nothing written for them). */
  unchanged: string[];
}

export interface PendingCount {
  pending: number;
}

/** How many comments have each status: the list's quick filters, in QUEUE_ORDER. */
export type CommentStatusCounts = Record<CommentStatus, number>;

/** The order the queue shows the statuses in: what waits for an editor first. */
export const QUEUE_ORDER: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'rejected'];

/** Each status as the list's quick filters name a group of comments. */
export const STATUS_GROUP_LABELS: Record<CommentStatus, string> = {
  pending: 'En attente',
  approved: 'Approuvés',
  spam: 'Spam',
  rejected: 'Rejetés',
};

/** The most replies the thread view lists under a comment (the rest are counted). */
export const THREAD_REPLIES_MAX = 50;

/** The longest excerpt of a comment the thread view shows (the edit view has the whole text). */
export const THREAD_EXCERPT_MAX = 300;

/**
 * One comment as the admin's thread view shows it: what an editor needs to decide (who, when, what it
 * says, its status and why it was held), and never the author's e-mail, address hash or keys.
 */
export interface ThreadComment {
  documentId: string;
  authorName: string;
  excerpt: string;
  createdAt: string;
  moderationStatus: CommentStatus;
  moderationReason: string | null;
  editorial: boolean;
}

/** `GET MODERATION_API.thread(id)`: a comment, the one it answers and the answers to it. */
export interface ModerationThread {
  comment: ThreadComment;
  article: { documentId: string; title: string } | null;
  parent: ThreadComment | null;
  /** The direct replies, oldest first, at most THREAD_REPLIES_MAX. */
  replies: ThreadComment[];
  /** Replies left out of `replies`. */
  moreReplies: number;
}

/**
 * The start of a comment's text for the thread view: white space folded, cut at a word boundary
 * (unless the first word alone is longer than `max`), an ellipsis when anything was cut.
 */
export function commentExcerpt(content: string, max = THREAD_EXCERPT_MAX): string {
  const folded = content.replace(/\s+/g, ' ').trim();
  if (folded.length <= max) return folded;
  const cut = folded.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > 0 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export interface EditorialReplyRequest {
  content: string;
}

const COMMENT_DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a path parameter can name a comment at all (so that a probe never reaches the database). */
export function isCommentDocumentId(value: unknown): value is string {
  return typeof value === 'string' && COMMENT_DOCUMENT_ID.test(value);
}

/**
 * `{ documentIds: [...], status }`: 1 to MODERATION_BATCH_MAX distinct comment ids and one of
 * MODERATION_STATUSES. Repeated ids are kept once (a double click selects nothing twice); any other
 * key is refused, so that a field name typed wrong is not silently ignored.
 */
export function validateModerationRequest(body: unknown): Checked<ModerationRequest> {
  if (!isRecord(body)) return { ok: false, message: 'Envoyez { documentIds, status } en JSON.' };
  const unknownKeys = Object.keys(body).filter((key) => key !== 'documentIds' && key !== 'status');
  if (unknownKeys.length > 0) {
    return { ok: false, message: `Champ inconnu : ${unknownKeys.join(', ').slice(0, 100)}.` };
  }
  const { documentIds, status } = body;
  if (typeof status !== 'string' || !MODERATION_STATUSES.includes(status as CommentStatus)) {
    return {
      ok: false,
      message: `Le statut doit être l’un de : ${MODERATION_STATUSES.join(', ')}.`,
    };
  }
  if (!Array.isArray(documentIds) || documentIds.length === 0) {
    return { ok: false, message: 'Choisissez au moins un commentaire (documentIds).' };
  }
  if (documentIds.length > MODERATION_BATCH_MAX) {
    return {
      ok: false,
      message: `Au plus ${MODERATION_BATCH_MAX} commentaires à la fois.`,
    };
  }
  if (!documentIds.every(isCommentDocumentId)) {
    return { ok: false, message: 'Un des identifiants de commentaire n’est pas valide.' };
  }
  return { ok: true, value: { documentIds: [...new Set(documentIds)], status: status as CommentStatus } };
}

/** `{ content }`: the same text rules as a reader's comment. */
export function validateEditorialReply(body: unknown): Checked<EditorialReplyRequest> {
  if (!isRecord(body)) return { ok: false, message: 'Envoyez { content } en JSON.' };
  const unknownKeys = Object.keys(body).filter((key) => key !== 'content');
  if (unknownKeys.length > 0) {
    return { ok: false, message: `Champ inconnu : ${unknownKeys.join(', ').slice(0, 100)}.` };
  }
  const content = validateCommentContent(body.content);
  return content.ok ? { ok: true, value: { content: content.value } } : { ok: false, message: content.error };
}
