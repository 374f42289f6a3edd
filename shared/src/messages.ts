import type { CommentStatus } from './types.js';

// Apart from site.ts, which the SPA's entry script loads: only the pages that show these load them.

/**
 * What a reader is told about a preview link the CMS refused (401), or a previewed article it no
 * longer has (404).
 */
export const PREVIEW_MESSAGES = {
  expired:
    'Ce lien d’aperçu a expiré. Ouvrez à nouveau l’aperçu depuis l’administration pour en obtenir un nouveau.',
  invalid: 'Ce lien d’aperçu n’est pas valide. Ouvrez à nouveau l’aperçu depuis l’administration.',
  notFound: 'Cet article n’existe pas ou a été supprimé.',
} as const;

/**
 * What a reader is told once their comment is accepted: the CMS answers with one of these (a held
 * comment, a spam one included, is `pending` to the reader), and the form falls back on them.
 */
export const COMMENT_CREATED_MESSAGES: Record<CommentStatus, string> = {
  approved: 'Merci ! Votre commentaire est publié.',
  pending: 'Merci ! Votre commentaire est en attente de modération et sera publié après validation.',
  spam: 'Merci ! Votre commentaire a bien été reçu.',
  rejected: 'Merci ! Votre commentaire a bien été reçu.',
};
