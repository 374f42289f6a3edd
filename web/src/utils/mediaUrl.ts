import { safeLink } from '@kiosque/shared';
import { API_ORIGIN } from './apiOrigin';

/**
 * An uploaded file's URL the browser can load: a path on the CMS (`/uploads/…`) on the API's origin,
 * or an http(s) address; `null` for anything else, with shared/'s safeLink as the judge of both.
 */
export function resolveMediaUrl(url: string | null | undefined): string | null {
  const link = safeLink(url);
  if (link?.kind === 'path') return `${API_ORIGIN}${link.href}`;
  if (link?.kind === 'web') return link.href;
  return null;
}
