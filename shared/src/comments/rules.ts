import { MAX_COMMENT_DEPTH, type CommentStatus, type CommentThread, type PublicComment } from '../types.js';

/**
 * The moderation rules a new comment goes through, with no database and no clock of their own: the
 * CMS reads what they need in the comment's transaction and hands it over.
 */

/** How a site moderates its readers' comments (the comment settings' `moderationMode`). */
export type ModerationMode = 'trusted-authors' | 'hold-all' | 'publish-all';

/** The comment settings the rules read. */
export interface CommentRuleSettings {
  /** trusted-authors: held until the author has one approved comment (WordPress's rule). */
  moderationMode: ModerationMode;
  /** Comments close this many days after publication; null never closes them. */
  autoCloseAfterDays: number | null;
  /** A comment with more links than this is held for moderation. */
  maxLinks: number;
  /** Words or phrases that hold a comment for moderation (matched as whole words: blockedWordIn). */
  blockedWords: string[];
}

const LINK_PATTERN = /\b(?:https?:\/\/|www\.)\S+/gi;
const DAY_MS = 86_400_000;

/** Links as a reader would see them: an address starting with a scheme or `www.`. */
export function countLinks(text: string): number {
  return text.match(LINK_PATTERN)?.length ?? 0;
}

/**
 * A text as the blocked words are matched on it: its words, lower-cased, without accents (« Crédit »
 * and « credit » are one word; « œ » and « æ » are spelt out as readers type them).
 */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** Whether `words` holds the run `phrase`, word for word. */
function holdsRun(words: string[], phrase: string[]): boolean {
  for (let start = 0; start + phrase.length <= words.length; start += 1) {
    if (phrase.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

/**
 * The first blocked word or phrase one of the texts holds, or null. Whole words only, whatever their
 * case and accents: « con » holds a comment that says « Con ! » but not one about a « conseil » or a
 * « contrat »; « crédit facile » matches « CREDIT  facile » and not « crédit difficile ».
 */
export function blockedWordIn(texts: string[], blockedWords: string[]): string | null {
  if (blockedWords.length === 0) return null;
  const words = texts.flatMap(wordsOf);
  for (const blocked of blockedWords) {
    const phrase = wordsOf(blocked);
    if (phrase.length > 0 && holdsRun(words, phrase)) return blocked;
  }
  return null;
}

/** Whether any of the texts holds one of the blocked words or phrases (see blockedWordIn). */
export function containsBlockedWord(texts: string[], blockedWords: string[]): boolean {
  return blockedWordIn(texts, blockedWords) !== null;
}

/** An article as far as its comments are concerned. */
export interface ArticleCommentState {
  publishedAt?: string | Date | null;
  commentsClosed?: boolean | null;
}

/**
 * Comments are open unless the editor closed them, or the site closes them `autoCloseAfterDays` after
 * publication (a never published article has no such date, and stays open as far as age goes).
 */
export function commentsAreOpen(
  article: ArticleCommentState,
  settings: Pick<CommentRuleSettings, 'autoCloseAfterDays'>,
  now = Date.now(),
): boolean {
  if (article.commentsClosed) return false;
  if (settings.autoCloseAfterDays === null || !article.publishedAt) return true;
  return now < new Date(article.publishedAt).getTime() + settings.autoCloseAfterDays * DAY_MS;
}

/** What a new comment's text fields say, as the rules read them. */
export interface CommentTexts {
  content: string;
  authorName: string;
  authorEmail: string;
  authorWebsite?: string;
}

/**
 * Why a comment waits for an editor (or went to spam), in the words the admin shows beside it: kept
 * with the comment when it is judged, so that a moderator knows what to look at.
 */
export const HOLD_REASONS = {
  links: (count: number, allowed: number) => `${count} liens (${allowed} permis)`,
  blockedWord: (word: string) => `mot retenu « ${word} »`,
  holdAll: () => 'tous les commentaires sont validés à la main (réglage « Modération »)',
  unknownAuthor: () => 'premier commentaire de cet auteur (ou écrit depuis un autre navigateur)',
  honeypot: () => 'champ caché rempli : envoyé par un robot',
} as const;

/** A comment as the rules judge it: its status (or `ask-trusted`) and, when held, why. */
export interface Judgement {
  status: CommentStatus | 'ask-trusted';
  reason: string | null;
}

/**
 * The status the settings and the text give a comment, or `ask-trusted` when the trusted-authors mode
 * leaves it to whether its author is known (an approved comment with the same e-mail AND commenter
 * key; without a key, nobody is known); the reason, when it is held. Links and blocked words hold a
 * comment in every mode.
 */
export function judgeByRules(
  comment: CommentTexts & { hasAuthorKey: boolean },
  settings: CommentRuleSettings,
): Judgement {
  const links = countLinks(comment.content);
  if (links > settings.maxLinks)
    return { status: 'pending', reason: HOLD_REASONS.links(links, settings.maxLinks) };
  const texts = [comment.content, comment.authorName, comment.authorEmail, comment.authorWebsite ?? ''];
  const blocked = blockedWordIn(texts, settings.blockedWords);
  if (blocked !== null) return { status: 'pending', reason: HOLD_REASONS.blockedWord(blocked) };
  if (settings.moderationMode === 'publish-all') return { status: 'approved', reason: null };
  if (settings.moderationMode === 'hold-all') return { status: 'pending', reason: HOLD_REASONS.holdAll() };
  return comment.hasAuthorKey
    ? { status: 'ask-trusted', reason: null }
    : { status: 'pending', reason: HOLD_REASONS.unknownAuthor() };
}

/** What a reply needs to know of the comment it answers. */
export interface ParentComment {
  documentId: string;
  depth: number | null;
  parentDocumentId: string | null;
  threadRootId: string | null;
  moderationStatus: CommentStatus;
}

/** Where a new comment sits in its thread. */
export interface Placement {
  parentDocumentId?: string;
  threadRootId?: string;
  depth: number;
}

/**
 * Where a reply goes: under its parent, or beside it when the parent is at the deepest level; null
 * when it cannot go anywhere (no such parent on the article, or a parent not approved).
 */
export function placementUnder(parent: ParentComment | null): Placement | null {
  if (!parent || parent.moderationStatus !== 'approved') return null;
  const parentDepth = parent.depth ?? 1;
  const threadRootId = parent.threadRootId ?? parent.documentId;
  if (parentDepth >= MAX_COMMENT_DEPTH) {
    return { parentDocumentId: parent.parentDocumentId ?? undefined, threadRootId, depth: MAX_COMMENT_DEPTH };
  }
  return { parentDocumentId: parent.documentId, threadRootId, depth: parentDepth + 1 };
}

/**
 * Nests replies (given oldest first) under their parents, keeping the roots' order; a reply whose
 * parent is not among them joins its thread's root (`rootOf`), and one whose root is not shown either
 * is left out.
 */
export function buildThreads(
  roots: PublicComment[],
  replies: PublicComment[],
  rootOf: Map<string, string>,
): CommentThread[] {
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
