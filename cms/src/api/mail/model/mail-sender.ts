import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { MailConfig } from '../../../../config/kiosque';
import { mailOutbox, type OutboxMail } from '../../../db/mail-outbox';

/** Mails one instance claims per round: a burst drains in a few rounds, and a claim stays short. */
const BATCH = 20;
const MAX_RETRY_DELAY_MS = 60 * 60_000;
/** Sent mails are pruned at most this often per instance: an empty DELETE every poll would be noise. */
const PRUNE_EVERY_MS = 60_000;

/** The delay before attempt `attempts + 1`: the base, doubled after each failure, at most an hour. */
export function retryDelayMs(baseMs: number, attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

type SendResult = { message?: Buffer | string } | undefined;

/**
 * One instance's sender: each round claims the due mails of the outbox (db/mail-outbox.ts: a claim
 * is a conditional UPDATE, so two instances never take one mail) and hands each to Strapi's e-mail
 * plugin. A refusal or an unreachable server leaves the mail in the outbox for a later round, with
 * a backoff; nothing here is ever awaited by a reader's request. Without SMTP, the plugin's
 * nodemailer writes each mail into a buffer, kept as an .eml file under cms/.tmp/mail/, and the
 * links it carries are logged.
 */
export function mailSender(
  strapi: Core.Strapi,
  config: MailConfig,
  beforeRound?: (now: number) => Promise<void>,
) {
  const outbox = mailOutbox(strapi);
  const claimer = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const fileDir = path.join(strapi.dirs.app.root, '.tmp', 'mail');
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<number> | undefined;
  let prunedAt = Number.NEGATIVE_INFINITY;

  /** Deletes sent mails older than the retention (MAIL_RETENTION_DAYS); never fails a round. */
  async function prune(now: number): Promise<void> {
    if (config.retentionMs <= 0 || now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    const pruned = await outbox
      .pruneSent(now - config.retentionMs)
      .catch((error: unknown) => (strapi.log.warn(`Sent mails not pruned (${String(error)}).`), 0));
    if (pruned > 0) strapi.log.info(`Pruned ${pruned} sent mail(s) older than the retention.`);
  }

  async function deliver(mail: OutboxMail): Promise<void> {
    const sent = (await strapi.plugin('email').service('email').send({
      to: mail.recipient,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    })) as SendResult;
    if (config.smtp || sent?.message === undefined) return;
    await mkdir(fileDir, { recursive: true });
    const file = path.join(fileDir, `${String(mail.id).padStart(6, '0')}-${mail.kind}.eml`);
    await writeFile(file, sent.message);
    const links = [...new Set(mail.text.match(/https?:\/\/\S+/g) ?? [])];
    strapi.log.info(
      `Mail to ${mail.recipient} written to ${file}${links.length ? `; links: ${links.join(' ')}` : ''}`,
    );
  }

  /** One round: what is due now is claimed and sent; answers how many mails were sent. */
  async function runRound(now = Date.now()): Promise<number> {
    await beforeRound?.(now).catch((error: unknown) =>
      strapi.log.warn(`Mail digests not prepared (${String(error)}).`),
    );
    await prune(now);
    let sent = 0;
    for (;;) {
      const claimed = await outbox.claimDue(claimer, BATCH, config.leaseMs, now);
      for (const mail of claimed) {
        try {
          await deliver(mail);
          await outbox.markSent(mail.id, claimer);
          sent += 1;
        } catch (error) {
          const attempts = mail.attempts + 1;
          const retryAt =
            attempts >= config.maxAttempts ? null : Date.now() + retryDelayMs(config.retryBaseMs, attempts);
          const reason = error instanceof Error ? error.message : String(error);
          strapi.log.warn(
            `Mail ${mail.id} (${mail.kind}) not sent, attempt ${attempts}: ${reason}` +
              (retryAt === null
                ? '; given up'
                : `; next attempt in ${Math.round((retryAt - Date.now()) / 1000)} s`),
          );
          await outbox.markFailed(mail.id, claimer, reason, retryAt);
        }
      }
      if (claimed.length < BATCH) return sent;
    }
  }

  return {
    claimer,
    /** Runs a full round once the one under way (if any) is over: rounds of one instance never overlap. */
    async round(now?: number): Promise<number> {
      while (round) await round.catch(() => 0);
      const running = runRound(now).finally(() => (round = undefined));
      round = running;
      return running;
    },
    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        // A round still under way when the next is due: skip this one.
        if (round) return;
        this.round().catch((error: unknown) => strapi.log.warn(`Mail round failed (${String(error)}).`));
      }, config.pollMs);
      timer.unref();
    },
    /** Stops the loop and waits for the round under way, so that a mail being sent is marked sent. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await round?.catch(() => {});
      // The SMTP pool's idle connections would keep the process alive.
      (strapi.plugin('email')?.provider as { close?: () => void } | undefined)?.close?.();
    },
  };
}

export type MailSender = ReturnType<typeof mailSender>;
