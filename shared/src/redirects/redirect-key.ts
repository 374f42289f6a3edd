/*
 * Old addresses (a WordPress blog's permalinks, `/?p=123`, its archives) that now answer a permanent
 * redirect to a Kiosque address. The CMS stores each under its key and the page server looks a
 * request up by the same key, so both sides agree on what "the same address" means.
 */

/** Query parameters that name a WordPress post or category by id: the only ones a key keeps. */
const ID_PARAMETERS = ['p', 'cat'] as const;

const MAX_KEY_LENGTH = 500;

/**
 * The key of an old address: its path, percent-decoded, without the trailing slash (WordPress adds
 * one, readers and links often drop it); on the home path, `?p=ID` or `?cat=ID` (digits only) is
 * kept, any other query is ignored. `undefined` for what cannot be a stored address.
 */
export function redirectKey(pathname: string, search = ''): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (!path.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(path)) return undefined;
  path = path.replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (path === '/' && search !== '') {
    const query = new URLSearchParams(search);
    for (const name of ID_PARAMETERS) {
      const value = query.get(name);
      if (value !== null && /^[1-9]\d{0,18}$/.test(value)) return `/?${name}=${value}`;
    }
  }
  return path.length > MAX_KEY_LENGTH ? undefined : path;
}

/**
 * Whether a redirect's target is an address of this site: a path (never `//host`, never a scheme,
 * never a backslash or a control character), so that a redirect can never send a reader elsewhere.
 */
export function isLocalTarget(target: string): boolean {
  // eslint-disable-next-line no-control-regex
  const unsafe = /[\u0000-\u0020\u007f\\]/;
  return /^\/(?![/\\])/.test(target) && !unsafe.test(target) && target.length <= MAX_KEY_LENGTH;
}
