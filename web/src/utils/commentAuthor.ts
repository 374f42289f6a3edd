import { AUTHOR_KEY_PATTERN } from '@kiosque/shared';

/** Where the form keeps the reader's details, only when they ticked the box asking for it. */
export const COMMENT_AUTHOR_STORAGE_KEY = 'kiosque.commentAuthor';

export interface RememberedAuthor {
  authorName: string;
  authorEmail: string;
  authorWebsite: string;
  /**
   * The secret that, with the e-mail, makes this reader a known commenter once an editor approved
   * one of their comments (see CommentInput.authorKey). Kept only with the reader's consent, with
   * the rest of their details.
   */
  authorKey?: string;
}

/**
 * A new commenter key: 128 random bits from the Web Crypto API, or none at all where the browser has
 * none (such a reader's comments are then moderated as a newcomer's, which is safe).
 */
export function createAuthorKey(source: Pick<Crypto, 'getRandomValues'> | undefined = globalThis.crypto) {
  if (typeof source?.getRandomValues !== 'function') return undefined;
  const bytes = source.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function storage(): Storage | null {
  // Storage can be missing or throw (disabled cookies, some private modes): the form works without it.
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The details saved by an earlier comment, or `null` when there are none (or they are unreadable). */
export function loadRememberedAuthor(): RememberedAuthor | null {
  try {
    const raw = storage()?.getItem(COMMENT_AUTHOR_STORAGE_KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const record = parsed as Record<string, unknown>;
    const remembered: RememberedAuthor = {
      authorName: text(record.authorName),
      authorEmail: text(record.authorEmail),
      authorWebsite: text(record.authorWebsite),
    };
    if (AUTHOR_KEY_PATTERN.test(text(record.authorKey))) remembered.authorKey = text(record.authorKey);
    return remembered;
  } catch {
    return null;
  }
}

export function rememberAuthor(author: RememberedAuthor): void {
  try {
    storage()?.setItem(COMMENT_AUTHOR_STORAGE_KEY, JSON.stringify(author));
  } catch {
    // Full or refused storage: the comment is sent all the same, the details are just not kept.
  }
}

export function forgetAuthor(): void {
  try {
    storage()?.removeItem(COMMENT_AUTHOR_STORAGE_KEY);
  } catch {
    // Nothing could have been stored either.
  }
}
