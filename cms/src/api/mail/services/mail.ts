import type { Core } from '@strapi/strapi';
import type { MailConfig } from '../../../../config/kiosque';
import { mailOutbox } from '../../../db/mail-outbox';
import { mailLinks } from '../model/mail-links';
import { mailNotifications } from '../model/mail-notifications';
import { mailPrivacy } from '../model/mail-privacy';
import { mailSender } from '../model/mail-sender';

/**
 * Kiosque's mail: the outbox and its sender loop (model/mail-sender.ts, db/mail-outbox.ts), what is
 * mailed when (model/mail-notifications.ts) and the pages the mails' links open (model/mail-links.ts).
 * The comment write path and the approval hook (documents/comment-approval.ts) call commentStored and
 * commentApproved; bootstrap starts the loop, destroy stops it.
 */
function mailMethods({ strapi }: { strapi: Core.Strapi }) {
  const config = strapi.config.get<MailConfig>('kiosque.mail');
  const notifications = mailNotifications(strapi, config);
  const sender = mailSender(strapi, config, notifications.prepareDigests);
  const outbox = mailOutbox(strapi);
  const privacy = mailPrivacy(strapi, config);
  // The hooks the write path fires without waiting (a reader's answer never waits for the mail):
  // kept, so that shutdown (and a test) can wait until what they queue is in the outbox.
  const underWay = new Set<Promise<void>>();
  const tracked =
    <A extends unknown[]>(hook: (...args: A) => Promise<void>) =>
    (...args: A): Promise<void> => {
      const running = hook(...args).finally(() => underWay.delete(running));
      underWay.add(running);
      return running;
    };
  return {
    ...notifications,
    commentStored: tracked(notifications.commentStored),
    commentApproved: tracked(notifications.commentApproved),
    /** Resolves once every hook under way has queued its mails. */
    async idle(): Promise<void> {
      while (underWay.size > 0) await Promise.allSettled([...underWay]);
    },
    ...mailLinks(strapi, config),
    requestPrivacy: privacy.request,
    /** An address's comments as its export gives them (the reader's link, or an editor in the admin). */
    exportAddress: privacy.exportOf,
    /** Erases what names an address's author; answers how many comments it signed « Anonyme ». */
    eraseAddress: privacy.erase,
    sender,
    /** Another sender on the same outbox, as a second instance would run (tests of the claims). */
    newSender: () => mailSender(strapi, config, notifications.prepareDigests),
    counts: outbox.counts,
    async start(): Promise<void> {
      await outbox.ensureTables();
      sender.start();
      if (!config.smtp)
        strapi.log.info('No SMTP_HOST: mails are written to cms/.tmp/mail/ instead of being sent.');
    },
    async stop(): Promise<void> {
      await this.idle();
      await sender.stop();
    },
  };
}

export type MailService = ReturnType<typeof mailMethods>;

export default mailMethods;
