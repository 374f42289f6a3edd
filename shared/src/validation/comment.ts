import { SITE_NAME } from '../site.js';
import type { CommentInput } from '../types.js';

/** Limits of the comment form, enforced by the SPA before sending and by the CMS on receipt. */
export const COMMENT_LIMITS = {
  authorName: { min: 1, max: 100 },
  authorEmail: { max: 100 },
  content: { min: 2, max: 5000 },
  authorWebsite: { max: 200 },
} as const;

export type CommentField = keyof CommentInput;

export type CommentFieldErrors = Partial<Record<CommentField, string>>;

export type CommentValidationResult =
  { ok: true; value: CommentInput } | { ok: false; errors: CommentFieldErrors };

// Deliberately simple: one "@", a dot in the domain, no spaces nor control characters. Anything
// stricter rejects real addresses.
/* eslint-disable-next-line no-control-regex */ // prettier-ignore
const EMAIL_PATTERN = /^[^\s@\u0000-\u001f\u007f]+@[^\s@.\u0000-\u001f\u007f]+(\.[^\s@.\u0000-\u001f\u007f]+)+$/;

/** Whether this (trimmed, lower-cased) text is an address the form accepts. */
export function isValidEmail(value: string): boolean {
  return value.length <= COMMENT_LIMITS.authorEmail.max && EMAIL_PATTERN.test(value);
}

// Control characters (except tab and newline) are never part of a legitimate comment.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** An absolute http(s) URL with a host; anything else (javascript:, data:, relative) is refused. */
export function isSafeWebsite(value: string): boolean {
  // The URL parser would accept (and encode) a control character, but the address is stored as typed.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** A name folded for comparison: no accents, no case, words separated by single spaces. */
function foldName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const RESERVED_NAME_WORDS = /(^| )(redaction|moderat(eur|rice|ion)|administrat(eur|rice|ion))( |$)/;

/**
 * Whether a reader's name would pass for the site's own team (« Rédaction Kiosque », « La
 * modération », « Kiosque »): the team's replies are written from the admin and carry the badge;
 * a reader signing with the team's name would borrow its authority in a thread. Accents, case,
 * spacing and punctuation do not help (« REDACTION-kiosque »).
 */
export function isReservedAuthorName(value: string): boolean {
  const folded = foldName(value);
  return folded === foldName(SITE_NAME) || RESERVED_NAME_WORDS.test(folded);
}

/** A commenter's key: at least 128 random bits, as a UUID or URL-safe base64 (see CommentInput). */
export const AUTHOR_KEY_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function normaliseContent(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '').trim();
}

/** Length in user-perceived characters, so that an emoji counts as one. */
function length(value: string): number {
  return [...value].length;
}

/**
 * A comment's text, normalised (line breaks, control characters, surrounding spaces) and within
 * COMMENT_LIMITS.content: the rule for a reader's comment and for the editorial team's reply alike.
 */
export function validateCommentContent(
  value: unknown,
): { ok: true; value: string } | { ok: false; error: string } {
  const content = normaliseContent(text(value) ?? '');
  if (content === '') return { ok: false, error: 'Le commentaire est obligatoire.' };
  if (length(content) < COMMENT_LIMITS.content.min) {
    return {
      ok: false,
      error: `Le commentaire doit contenir au moins ${COMMENT_LIMITS.content.min} caractères.`,
    };
  }
  if (length(content) > COMMENT_LIMITS.content.max) {
    return {
      ok: false,
      error: `Le commentaire ne doit pas dépasser ${COMMENT_LIMITS.content.max} caractères.`,
    };
  }
  return { ok: true, value: content };
}

/**
 * Validates and normalises what a reader typed. Accepts unknown input (a parsed request body)
 * and answers either the clean value or one French message per faulty field.
 */
export function validateCommentInput(input: unknown): CommentValidationResult {
  const body = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const errors: CommentFieldErrors = {};

  const article = text(body.article)?.trim() ?? '';
  if (article === '') errors.article = "L'article commenté est manquant.";

  const authorName = normaliseContent(text(body.authorName) ?? '').replace(/\s+/g, ' ');
  if (length(authorName) < COMMENT_LIMITS.authorName.min) {
    errors.authorName = 'Le nom est obligatoire.';
  } else if (length(authorName) > COMMENT_LIMITS.authorName.max) {
    errors.authorName = `Le nom ne doit pas dépasser ${COMMENT_LIMITS.authorName.max} caractères.`;
  } else if (isReservedAuthorName(authorName)) {
    errors.authorName = 'Ce nom est réservé à l’équipe du site : choisissez-en un autre.';
  }

  const authorEmail = (text(body.authorEmail) ?? '').trim().toLowerCase();
  if (authorEmail === '') {
    errors.authorEmail = "L'adresse e-mail est obligatoire.";
  } else if (length(authorEmail) > COMMENT_LIMITS.authorEmail.max) {
    errors.authorEmail = `L'adresse e-mail ne doit pas dépasser ${COMMENT_LIMITS.authorEmail.max} caractères.`;
  } else if (!EMAIL_PATTERN.test(authorEmail)) {
    errors.authorEmail = "L'adresse e-mail n'est pas valide.";
  }

  const contentCheck = validateCommentContent(body.content);
  const content = contentCheck.ok ? contentCheck.value : '';
  if (!contentCheck.ok) errors.content = contentCheck.error;

  const authorWebsite = (text(body.authorWebsite) ?? '').trim();
  if (authorWebsite !== '') {
    if (length(authorWebsite) > COMMENT_LIMITS.authorWebsite.max) {
      errors.authorWebsite = `L'adresse du site ne doit pas dépasser ${COMMENT_LIMITS.authorWebsite.max} caractères.`;
    } else if (!isSafeWebsite(authorWebsite)) {
      errors.authorWebsite = "L'adresse du site doit commencer par http:// ou https://.";
    }
  }

  const parent = text(body.parent)?.trim() ?? '';
  if (body.parent !== undefined && body.parent !== null && typeof body.parent !== 'string') {
    errors.parent = 'Le commentaire auquel vous répondez est introuvable.';
  }

  const authorKey = body.authorKey;
  if (authorKey !== undefined && authorKey !== null) {
    if (typeof authorKey !== 'string' || !AUTHOR_KEY_PATTERN.test(authorKey)) {
      errors.authorKey = 'La clé de commentateur enregistrée par ce navigateur n’est pas valide.';
    }
  }

  const notifyReplies = body.notifyReplies;
  if (notifyReplies !== undefined && notifyReplies !== null && typeof notifyReplies !== 'boolean') {
    errors.notifyReplies = 'Le choix « Prévenez-moi des réponses » doit être oui ou non.';
  }

  const notifyPublished = body.notifyPublished;
  if (notifyPublished !== undefined && notifyPublished !== null && typeof notifyPublished !== 'boolean') {
    errors.notifyPublished =
      'Le choix « Prévenez-moi quand mon commentaire est publié » doit être oui ou non.';
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const value: CommentInput = { article, authorName, authorEmail, content };
  if (authorWebsite !== '') value.authorWebsite = authorWebsite;
  if (parent !== '') value.parent = parent;
  if (typeof authorKey === 'string') value.authorKey = authorKey;
  if (notifyReplies === true) value.notifyReplies = true;
  if (notifyPublished === true) value.notifyPublished = true;
  return { ok: true, value };
}
