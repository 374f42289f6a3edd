import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The signed links of Kiosque's mails. A token is `<purpose>.<subject>.<expiry>.<nonce>.<signature>`:
 *
 * - purpose: `approve` or `spam` (a moderator's one-click action on a held comment), `confirm` (a
 *   reader's double opt-in), `unsubscribe` (a reader's one-click unsubscription), `export` or `erase`
 *   (a reader's privacy request);
 * - subject: the comment's documentId for an action, the reader's address in base64url otherwise;
 * - expiry: seconds since the epoch, 0 for never (an unsubscribe link must work as long as the mail
 *   it came in is read);
 * - nonce: 22 random base64url characters. The approve and spam links of one comment in one mail
 *   share it: once either is used (stored in kiosque_mail_nonces), both are spent;
 * - signature: HMAC-SHA256 keyed with MAIL_SECRET over all of the above, with a prefix that keeps
 *   these signatures apart from any other use of a key, in base64url.
 *
 * Nothing but the nonce is stored: the token carries what it acts on. As in utils/preview-token.ts,
 * the signature is checked before the expiry, so a forged token is `invalid` whatever it claims.
 */

export const MAIL_TOKEN_PURPOSES = ['approve', 'spam', 'confirm', 'unsubscribe', 'export', 'erase'] as const;
export type MailTokenPurpose = (typeof MAIL_TOKEN_PURPOSES)[number];

/** A moderation link lives a week: long enough for a weekend, short enough that an old mail is dead. */
export const ACTION_TOKEN_LIFETIME_S = 7 * 24 * 3600;
/** A privacy request's link works for a day. */
export const PRIVACY_TOKEN_LIFETIME_S = 24 * 3600;
/** A reader has a month to confirm an address. */
export const CONFIRM_TOKEN_LIFETIME_S = 30 * 24 * 3600;

export type MailTokenCheck =
  | { status: 'valid'; purpose: MailTokenPurpose; subject: string; nonce: string }
  | { status: 'invalid' | 'expired' };

const TOKEN_FORMAT =
  /^(approve|spam|confirm|unsubscribe|export|erase)\.([A-Za-z0-9_-]{1,400})\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function signature(secret: string, purpose: string, subject: string, expiry: number, nonce: string): string {
  return createHmac('sha256', secret)
    .update(`kiosque-mail:${purpose}:${subject}:${expiry}:${nonce}`)
    .digest('base64url');
}

export const newNonce = (): string => randomBytes(16).toString('base64url');

/** The token's subject for an address (addresses hold characters a token may not). */
export const addressSubject = (email: string): string => Buffer.from(email, 'utf8').toString('base64url');
export const addressOfSubject = (subject: string): string =>
  Buffer.from(subject, 'base64url').toString('utf8');

export function signMailToken(
  secret: string,
  claim: { purpose: MailTokenPurpose; subject: string; nonce?: string; lifetimeS: number | null },
  nowMs = Date.now(),
): string {
  const expiry = claim.lifetimeS === null ? 0 : Math.floor(nowMs / 1000) + claim.lifetimeS;
  const nonce = claim.nonce ?? newNonce();
  return `${claim.purpose}.${claim.subject}.${expiry}.${nonce}.${signature(secret, claim.purpose, claim.subject, expiry, nonce)}`;
}

export function checkMailToken(secret: string, token: unknown, nowMs = Date.now()): MailTokenCheck {
  if (typeof token !== 'string') return { status: 'invalid' };
  const match = TOKEN_FORMAT.exec(token);
  if (!match) return { status: 'invalid' };
  const [, purpose, subject, expiryText, nonce, given] = match;
  const expiry = Number(expiryText);
  // Compared as text, so that two base64url spellings of one digest are not both accepted.
  const expected = Buffer.from(signature(secret, purpose, subject, expiry, nonce), 'ascii');
  if (!timingSafeEqual(Buffer.from(given, 'ascii'), expected)) return { status: 'invalid' };
  if (expiry !== 0 && expiry * 1000 <= nowMs) return { status: 'expired' };
  return { status: 'valid', purpose: purpose as MailTokenPurpose, subject, nonce };
}
