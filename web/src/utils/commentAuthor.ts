/** Where the form keeps the reader's details, only when they ticked the box asking for it. */
export const COMMENT_AUTHOR_STORAGE_KEY = 'kiosque.commentAuthor';

export interface RememberedAuthor {
  authorName: string;
  authorEmail: string;
  authorWebsite: string;
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
    return {
      authorName: text(record.authorName),
      authorEmail: text(record.authorEmail),
      authorWebsite: text(record.authorWebsite),
    };
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
