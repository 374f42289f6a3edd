import type { Core } from '@strapi/strapi';
import type { MailConfig } from '../../../../config/kiosque';
import { mailOutbox } from '../../../db/mail-outbox';
import { DOCUMENT_ID } from '../../../db/schema';
import { mailPrivacy } from './mail-privacy';
import { addressOfSubject, checkMailToken, type MailTokenPurpose } from './mail-tokens';

const COMMENT_UID = 'api::comment.comment';

/** The pages a mail link opens: what they say, with which HTTP status, and the button, if any. */
export interface LinkPage {
  status: number;
  title: string;
  message: string;
  excerpt?: string;
  action?: { label: string };
  /** A file to download instead of the page (a privacy export). */
  download?: { filename: string; body: unknown };
}

export type LinkKind = 'moderation' | 'confirmation' | 'unsubscribe' | 'privacy';

const PURPOSES: Record<LinkKind, MailTokenPurpose[]> = {
  moderation: ['approve', 'spam'],
  confirmation: ['confirm'],
  unsubscribe: ['unsubscribe'],
  privacy: ['export', 'erase'],
};

const INVALID: LinkPage = {
  status: 403,
  title: 'Lien non valide',
  message:
    'Ce lien n’est pas valide : il a peut-être été mal copié. Ouvrez-le à nouveau depuis le message reçu.',
};
const EXPIRED: LinkPage = {
  status: 410,
  title: 'Lien expiré',
  message: 'Ce lien a expiré. Les commentaires en attente restent à modérer dans l’administration.',
};
/** How an address that unsubscribed comes back: the same box, and a new confirmation. */
const COMING_BACK =
  'Pour en recevoir de nouveau, cochez « Prévenez-moi des réponses » sous votre prochain commentaire : un message vous demandera de confirmer l’adresse.';

const USED: LinkPage = {
  status: 409,
  title: 'Lien déjà utilisé',
  message:
    'Ce lien a déjà servi : chaque lien d’action ne fonctionne qu’une fois. Le commentaire se modère désormais dans l’administration.',
};

/** The page a GET opens: what the link will do, and the button that does it. */
const askFirst = (title: string, message: string, label: string): LinkPage => ({
  status: 200,
  title,
  message,
  action: { label },
});

const ACTIONS = {
  approve: {
    status: 'approved',
    ask: 'Approuver ce commentaire',
    done: 'Commentaire approuvé',
    doneText: 'Le commentaire est publié sur le site.',
  },
  spam: {
    status: 'spam',
    ask: 'Marquer ce commentaire comme indésirable',
    done: 'Commentaire marqué comme indésirable',
    doneText: 'Le commentaire ne sera pas publié.',
  },
} as const;

/**
 * The mail links' pages. Opening a link (GET) only says what its button will do, so that a mail
 * scanner following every link changes nothing; the button POSTs, and only then does anything
 * change. A moderation link works once (its nonce is spent, db/mail-outbox.ts) and only on a comment
 * still pending; confirmation and unsubscription may be repeated and change nothing the second time.
 */
export function mailLinks(strapi: Core.Strapi, config: MailConfig) {
  const outbox = mailOutbox(strapi);
  const privacy = mailPrivacy(strapi, config);

  async function open(kind: LinkKind, token: string, act: boolean, now = Date.now()): Promise<LinkPage> {
    const check = checkMailToken(config.secret, token, now);
    if (check.status === 'expired') return EXPIRED;
    if (check.status !== 'valid' || !PURPOSES[kind].includes(check.purpose)) return INVALID;

    if (check.purpose === 'approve' || check.purpose === 'spam') {
      if (!DOCUMENT_ID.test(check.subject)) return INVALID;
      const action = ACTIONS[check.purpose];
      if (await outbox.isNonceUsed(check.nonce)) return USED;
      const comment = (await strapi.documents(COMMENT_UID).findOne({ documentId: check.subject })) as {
        content: string;
        authorName: string;
        moderationStatus: string;
      } | null;
      if (!comment)
        return { status: 404, title: 'Commentaire introuvable', message: 'Ce commentaire a été supprimé.' };
      if (comment.moderationStatus !== 'pending') {
        return {
          status: 409,
          title: 'Déjà modéré',
          message: 'Ce commentaire a déjà été modéré depuis l’envoi du message.',
        };
      }
      if (!act) {
        return {
          ...askFirst(action.ask, `Commentaire de ${comment.authorName} :`, action.ask),
          excerpt: comment.content,
        };
      }
      // The nonce first: of two clicks at once, one acts and the other is told the link is spent.
      if (!(await outbox.useNonce(check.nonce))) return USED;
      await strapi
        .documents(COMMENT_UID)
        .update({ documentId: check.subject, data: { moderationStatus: action.status } as never });
      return { status: 200, title: action.done, message: action.doneText };
    }

    const email = addressOfSubject(check.subject);
    if (check.purpose === 'export') {
      if (!act) {
        return askFirst(
          'Copie de vos commentaires',
          `Télécharger les commentaires écrits avec l’adresse ${email}.`,
          'Télécharger mes commentaires',
        );
      }
      return {
        status: 200,
        title: 'Copie de vos commentaires',
        message: '',
        download: { filename: 'kiosque-commentaires.json', body: await privacy.exportOf(email) },
      };
    }
    if (check.purpose === 'erase') {
      // Once: a forwarded or replayed link cannot erase the comments written since.
      if (await outbox.isNonceUsed(check.nonce)) return USED;
      if (!act) {
        return askFirst(
          'Effacer vos informations',
          `Vos commentaires écrits avec l’adresse ${email} resteront publiés, signés « Anonyme », sans adresse e-mail ni site. C’est définitif.`,
          'Effacer mes informations',
        );
      }
      if (!(await outbox.useNonce(check.nonce))) return USED;
      const erased = await privacy.erase(email);
      return {
        status: 200,
        title: 'Informations effacées',
        message: `${erased} commentaire(s) sont désormais signés « Anonyme ». Cette adresse ne recevra plus de message de Kiosque.`,
      };
    }
    if (check.purpose === 'confirm') {
      if (!act) {
        return askFirst(
          'Confirmer votre adresse',
          `Recevoir par e-mail les messages demandés sous vos commentaires (réponses, publication), à l’adresse ${email}.`,
          'Confirmer mon adresse',
        );
      }
      const confirmed = await outbox.setSubscriberStatus(email, ['pending'], 'confirmed');
      const status = confirmed ? 'confirmed' : await outbox.subscriberStatus(email);
      if (status === 'confirmed') {
        return {
          status: 200,
          title: 'Adresse confirmée',
          message:
            'Vous recevrez les messages demandés sous vos commentaires (réponses, publication). Chaque message contient un lien pour ne plus en recevoir.',
        };
      }
      return {
        status: 409,
        title: 'Adresse désabonnée',
        message: `Cette adresse s’est désabonnée : elle ne recevra plus de messages. ${COMING_BACK}`,
      };
    }

    if (!act) {
      return askFirst(
        'Ne plus recevoir de messages',
        `Plus aucun message de réponse ne sera envoyé à ${email}.`,
        'Me désabonner',
      );
    }
    await outbox.unsubscribe(email);
    return {
      status: 200,
      title: 'Désabonnement confirmé',
      message: `Plus aucun message ne sera envoyé à ${email}. ${COMING_BACK}`,
    };
  }

  return { open };
}
