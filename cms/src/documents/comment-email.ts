import type { Core } from '@strapi/strapi';
import { beforeWrite } from './before-write';

/** How a comment's e-mail is stored: trimmed and lower-cased. */
export function normaliseCommentEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Stores every comment's e-mail trimmed and lower-cased, whoever writes it (the public form already
 * sends it so; an editor in the admin may not), so that finding an author's earlier comments is an
 * exact, indexed match.
 */
export function registerCommentEmailNormalisation(strapi: Core.Strapi): void {
  beforeWrite<{ authorEmail?: unknown }>(strapi, 'api::comment.comment', (data) => {
    if (typeof data.authorEmail === 'string') data.authorEmail = normaliseCommentEmail(data.authorEmail);
  });
}
