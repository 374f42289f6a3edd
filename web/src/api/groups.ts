import type { CopyVariant } from '@kiosque/shared';
import { API_ORIGIN } from '../utils/apiOrigin';

export interface GroupClickOptions {
  /** The copy variant shown, for a group that carries a second text (the CMS counts clicks per variant). */
  variant?: CopyVariant;
  /** `qr` for the link a QR code encodes: a scan is counted apart from a click. */
  source?: 'qr';
}

/**
 * Where a join button leads: the CMS counts the click (per group, article, day and variant) and
 * redirects to the group's invite link. No third party sees the reader.
 */
export function groupClickUrl(
  groupDocumentId: string,
  articleDocumentId?: string | null,
  options: GroupClickOptions = {},
): string {
  const url = `${API_ORIGIN}/api/go/${encodeURIComponent(groupDocumentId)}`;
  const query = new URLSearchParams();
  if (articleDocumentId) query.set('article', articleDocumentId);
  if (options.variant) query.set('v', options.variant);
  if (options.source) query.set('source', options.source);
  const search = query.toString();
  return search === '' ? url : `${url}?${search}`;
}
