import { isValidEmail } from '../validation/comment.js';

/**
 * The admin's privacy requests: an editor types a commenter's address and exports, or erases, what
 * the site keeps about it (the same as the reader's own signed link). The CMS checks every request
 * with validatePrivacyAddress; the admin page sends what it checks.
 */

/** Where the admin's privacy routes live (under /admin, so the admin host's proxy rules cover them). */
export const PRIVACY_ADMIN_API = {
  export: '/admin/kiosque/privacy/export',
  erase: '/admin/kiosque/privacy/erase',
} as const;

/** What an erasure answers: how many comments are now signed « Anonyme ». */
export interface PrivacyErasureResult {
  erased: number;
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * `{ email }`, trimmed and lower-cased as comments store it. Anything else (no object, another key,
 * no address, a malformed one) is refused with the French sentence the admin shows.
 */
export function validatePrivacyAddress(body: unknown): Checked<{ email: string }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'Envoyez { email } en JSON.' };
  }
  const unknownKeys = Object.keys(body).filter((key) => key !== 'email');
  if (unknownKeys.length > 0) {
    return { ok: false, message: `Champ inconnu : ${unknownKeys.join(', ').slice(0, 100)}.` };
  }
  const raw = (body as { email?: unknown }).email;
  const email = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (email === '') return { ok: false, message: 'Indiquez l’adresse e-mail du lecteur.' };
  if (!isValidEmail(email)) return { ok: false, message: 'Cette adresse e-mail n’est pas valide.' };
  return { ok: true, value: { email } };
}
