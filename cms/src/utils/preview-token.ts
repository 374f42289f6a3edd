import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Draft previews: the content manager's preview handler mints a short-lived token for one article,
 * and the preview endpoint checks it. A token is `<expiry>.<signature>`: the expiry in seconds since
 * the epoch, and the HMAC-SHA256 (keyed with PREVIEW_SECRET) of the article's documentId and that
 * expiry, in base64url. Nothing is stored: whoever has the link sees the draft until it expires.
 */

/** How long a preview link works: long enough to read a draft, short enough that a leaked link dies. */
export const PREVIEW_TOKEN_LIFETIME_S = 60 * 60;

export type PreviewTokenCheck = 'valid' | 'invalid' | 'expired';

const TOKEN_FORMAT = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function signature(secret: string, documentId: string, expiresAt: number): string {
  // The prefix keeps these signatures apart from any other use of the same secret.
  return createHmac('sha256', secret)
    .update(`kiosque-preview:article:${documentId}:${expiresAt}`)
    .digest('base64url');
}

export function signPreviewToken(
  secret: string,
  documentId: string,
  nowMs = Date.now(),
  lifetimeS = PREVIEW_TOKEN_LIFETIME_S,
): string {
  const expiresAt = Math.floor(nowMs / 1000) + lifetimeS;
  return `${expiresAt}.${signature(secret, documentId, expiresAt)}`;
}

/**
 * Whether this token lets its holder preview this article. The signature is checked before the
 * expiry, so that a forged token is `invalid` whatever expiry it claims.
 */
export function checkPreviewToken(
  secret: string,
  token: unknown,
  documentId: string,
  nowMs = Date.now(),
): PreviewTokenCheck {
  if (typeof token !== 'string') return 'invalid';
  const match = TOKEN_FORMAT.exec(token);
  if (!match) return 'invalid';
  const expiresAt = Number(match[1]);
  // Compared as text: two base64url spellings of one digest (the last character's spare bits) are not
  // both accepted.
  const given = Buffer.from(match[2], 'ascii');
  const expected = Buffer.from(signature(secret, documentId, expiresAt), 'ascii');
  if (!timingSafeEqual(given, expected)) return 'invalid';
  return expiresAt * 1000 > nowMs ? 'valid' : 'expired';
}
