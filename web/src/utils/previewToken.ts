/*
 * A draft preview link carries its token in the fragment (`/apercu/articles/:documentId#token=…`):
 * browsers never send a fragment to a server, so the token stays out of every access log. The router
 * takes it out of the address as soon as the link opens (a replace navigation, which is
 * history.replaceState), so it does not stay in the address bar, the history or an address copied from
 * the tab either. It is held for the one article it signs in this tab's sessionStorage, which no
 * request carries and which goes with the tab, so that reloading the preview still works (in memory
 * only where storage is refused, as in some browsers' third-party frames). A `?token=` in the query
 * string, where links used to carry it, is never read.
 */

const KEY_PREFIX = 'kiosque-preview-token:';
const inMemory = new Map<string, string>();

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Holds the token a preview address's fragment (`#token=…`, as `route.hash` gives it) carries for the
 * article `documentId`, and says whether there was one: the address must then lose its fragment.
 */
export function holdPreviewToken(documentId: string, hash: string): boolean {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  if (token === null) return false;
  inMemory.set(documentId, token);
  try {
    storage()?.setItem(`${KEY_PREFIX}${documentId}`, token);
  } catch {
    // Storage full or refused: memory will do until the tab reloads.
  }
  return true;
}

/** The token this tab holds for previewing `documentId`; empty when the tab opened no link for it. */
export function heldPreviewToken(documentId: string): string {
  return inMemory.get(documentId) ?? storage()?.getItem(`${KEY_PREFIX}${documentId}`) ?? '';
}

/** Forgets every token this tab holds (tests; a reload keeps them otherwise). */
export function forgetPreviewTokens(inMemoryOnly = false): void {
  inMemory.clear();
  const stored = storage();
  if (inMemoryOnly || stored === null) return;
  for (const key of Object.keys(stored)) if (key.startsWith(KEY_PREFIX)) stored.removeItem(key);
}
