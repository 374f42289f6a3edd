import { errors } from '@strapi/utils';
import type {
  CommentCreated,
  CommentField,
  CommentFieldErrors,
  CommentStatus,
  FieldErrorDetail,
} from '@kiosque/shared';

/** How the comment endpoints say no: Strapi's errors, with the French messages the form shows as they are. */

/** Why a comment was refused, as the metrics count it (kiosque_comment_submissions_total's `reason`). */
export type CommentRefusal =
  | 'invalid'
  | 'idempotency_key'
  | 'article_not_found'
  | 'closed'
  | 'parent_not_found'
  | 'rate_limited'
  | 'duplicate';

const REFUSALS = new WeakMap<object, CommentRefusal>();

function refusal<E extends object>(reason: CommentRefusal, error: E): E {
  REFUSALS.set(error, reason);
  return error;
}

/** The reason of an error made below; undefined for any other error. */
export function refusalOf(error: unknown): CommentRefusal | undefined {
  return typeof error === 'object' && error !== null ? REFUSALS.get(error) : undefined;
}

/** One field's error, in the shape the form reads (`details.errors[].path`). */
export function fieldError(field: CommentField, message: string): errors.ValidationError {
  return new errors.ValidationError(message, {
    errors: [{ path: [field], message, name: 'ValidationError' }],
  });
}

export function invalidFields(fieldErrors: CommentFieldErrors): errors.ValidationError {
  const details: FieldErrorDetail[] = Object.entries(fieldErrors).map(([field, message]) => ({
    path: [field],
    message: message ?? '',
    name: 'ValidationError',
  }));
  return refusal(
    'invalid',
    new errors.ValidationError('Le commentaire n’a pas pu être envoyé : vérifiez les champs indiqués.', {
      errors: details,
    }),
  );
}

const IDEMPOTENCY_KEY_RULE =
  "L'en-tête Idempotency-Key doit compter 8 à 128 lettres, chiffres, tirets ou soulignés.";
export const invalidIdempotencyKey = () =>
  refusal('idempotency_key', new errors.ValidationError(IDEMPOTENCY_KEY_RULE));

export const articleNotFound = () =>
  refusal('article_not_found', new errors.NotFoundError('Cet article est introuvable.'));

// A PolicyError is the 403 whose message Strapi lets through to the client.
export const commentsClosed = () =>
  refusal('closed', new errors.PolicyError('Les commentaires sont fermés pour cet article.'));

export const parentNotFound = () =>
  refusal('parent_not_found', fieldError('parent', 'Le commentaire auquel vous répondez est introuvable.'));

const RATE_LIMIT_ADVICE = 'Trop de commentaires envoyés depuis votre connexion. Réessayez dans une minute.';
export const rateLimited = () => refusal('rate_limited', new errors.RateLimitError(RATE_LIMIT_ADVICE));

export const duplicateComment = () =>
  refusal('duplicate', fieldError('content', 'Vous avez déjà envoyé ce commentaire.'));

const STATUS_MESSAGES: Record<'approved' | 'pending', string> = {
  approved: 'Merci ! Votre commentaire est publié.',
  pending: 'Merci ! Votre commentaire est en attente de modération et sera publié après validation.',
};

/** What an accepted comment is answered, from its stored status. */
export function answerFor(documentId: string, stored: CommentStatus): CommentCreated {
  // A bot that filled the honeypot gets the answer a held comment gets: it learns nothing.
  const shownStatus = stored === 'approved' ? 'approved' : 'pending';
  return { documentId, status: shownStatus, message: STATUS_MESSAGES[shownStatus] };
}

export function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(message ?? '')
  );
}
