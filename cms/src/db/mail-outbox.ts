import type { Core } from '@strapi/strapi';
import { perStrapi } from './schema';

/**
 * The mail outbox and what the mail links remember, in three tables of Kiosque's own (no content
 * types: nothing here is content an editor edits, and the admin would show readers' addresses).
 * Created at boot with the schema builder, the same on SQLite and PostgreSQL; Strapi leaves tables it
 * did not create alone. Times are milliseconds since the epoch (bigint): no dialect's date handling
 * in the way of the `due_at <= now` comparisons the sender loop makes.
 *
 * - `kiosque_mail_outbox`: one row per mail. `dedupe_key` is unique, so that the event that asks
 *   for a mail (a held comment, an approved reply, a digest window) can be seen twice, by two
 *   instances or after a restart, and still make one mail.
 * - `kiosque_mail_nonces`: the one-click moderation links already used (a link works once).
 * - `kiosque_mail_subscribers`: one row per reader address that asked for reply notifications:
 *   `pending` until the confirmation link is used, then `confirmed`, or `unsubscribed`.
 */

const OUTBOX = 'kiosque_mail_outbox';
const NONCES = 'kiosque_mail_nonces';
const SUBSCRIBERS = 'kiosque_mail_subscribers';

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

export interface NewMail {
  dedupeKey: string;
  kind: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface OutboxMail extends Required<NewMail> {
  id: number;
  attempts: number;
}

export interface OutboxCounts {
  queued: number;
  sent: number;
  failed: number;
}

const num = (value: unknown): number => Number(value ?? 0);

function createMailOutbox(strapi: Core.Strapi) {
  const db = strapi.db.connection;

  return {
    /** Creates the three tables if they are missing; safe at every boot, from two instances at once. */
    async ensureTables(): Promise<void> {
      const create = async (name: string, build: Parameters<typeof db.schema.createTable>[1]) => {
        if (await db.schema.hasTable(name)) return;
        // Two instances booting together: the second one's CREATE fails on the table the first made.
        await db.schema.createTable(name, build).catch(async (error: unknown) => {
          if (!(await db.schema.hasTable(name))) throw error;
        });
      };
      await create(OUTBOX, (table) => {
        table.increments('id').primary();
        table.string('dedupe_key', 255).notNullable().unique();
        table.string('kind', 40).notNullable();
        table.string('recipient', 255).notNullable();
        table.string('subject', 300).notNullable();
        table.text('text').notNullable();
        table.text('html').notNullable();
        table.text('headers').notNullable();
        table.bigInteger('due_at').notNullable();
        table.integer('attempts').notNullable().defaultTo(0);
        table.bigInteger('claimed_at').nullable();
        table.string('claimed_by', 64).nullable();
        table.bigInteger('sent_at').nullable();
        table.bigInteger('failed_at').nullable();
        table.string('last_error', 500).nullable();
        table.bigInteger('created_at').notNullable();
        table.index(['sent_at', 'failed_at', 'due_at'], 'kiosque_mail_outbox_due_idx');
      });
      await create(NONCES, (table) => {
        table.string('nonce', 64).primary();
        table.bigInteger('used_at').notNullable();
      });
      await create(SUBSCRIBERS, (table) => {
        table.string('email', 255).primary();
        table.string('status', 20).notNullable();
        table.bigInteger('updated_at').notNullable();
      });
    },

    /** Queues a mail; false when one with this dedupe key exists already (nothing is written). */
    async enqueue(mail: NewMail, now = Date.now()): Promise<boolean> {
      const inserted = await db(OUTBOX)
        .insert({
          dedupe_key: mail.dedupeKey,
          kind: mail.kind,
          recipient: mail.recipient,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: JSON.stringify(mail.headers ?? {}),
          due_at: now,
          attempts: 0,
          created_at: now,
        })
        .onConflict('dedupe_key')
        .ignore()
        .returning('id');
      return inserted.length > 0;
    },

    /**
     * Claims up to `limit` due mails for `claimer`. Each claim is one conditional UPDATE (`WHERE id = ?
     * AND claimed_at IS NULL …`): of two instances reading the same due row, exactly one changes it,
     * on either database, with no lock held across the send. A claim older than `leaseMs` (an
     * instance that died mid-send) may be taken again.
     */
    async claimDue(claimer: string, limit: number, leaseMs: number, now = Date.now()): Promise<OutboxMail[]> {
      const stale = now - leaseMs;
      const unclaimed = (query: ReturnType<typeof db>) =>
        query
          .whereNull('sent_at')
          .whereNull('failed_at')
          .where('due_at', '<=', now)
          .where((q) => q.whereNull('claimed_at').orWhere('claimed_at', '<', stale));
      const candidates: { id: number }[] = await unclaimed(db(OUTBOX).select('id'))
        .orderBy('due_at')
        .limit(limit);
      const claimed: OutboxMail[] = [];
      for (const { id } of candidates) {
        const changed = await unclaimed(db(OUTBOX).where('id', id)).update({
          claimed_at: now,
          claimed_by: claimer,
        });
        if (num(changed) !== 1) continue;
        const row = await db(OUTBOX).where('id', id).first();
        claimed.push({
          id: num(row.id),
          dedupeKey: row.dedupe_key,
          kind: row.kind,
          recipient: row.recipient,
          subject: row.subject,
          text: row.text,
          html: row.html,
          headers: JSON.parse(row.headers) as Record<string, string>,
          attempts: num(row.attempts),
        });
      }
      return claimed;
    },

    async markSent(id: number, claimer: string, now = Date.now()): Promise<void> {
      await db(OUTBOX).where({ id, claimed_by: claimer }).update({ sent_at: now, last_error: null });
    },

    /** A failed attempt: tried again at `retryAt`, or given up for good when `retryAt` is null. */
    async markFailed(id: number, claimer: string, error: string, retryAt: number | null, now = Date.now()) {
      await db(OUTBOX)
        .where({ id, claimed_by: claimer })
        .update({
          attempts: db.raw('attempts + 1'),
          claimed_at: null,
          claimed_by: null,
          last_error: error.slice(0, 500),
          ...(retryAt === null ? { failed_at: now } : { due_at: retryAt }),
        });
    },

    /** The mails of one kind, oldest first, sent or not: who they were for and what they said. */
    async ofKind(kind: string): Promise<{ recipient: string; subject: string; text: string }[]> {
      return db(OUTBOX).where({ kind }).orderBy('id').select('recipient', 'subject', 'text');
    },

    /**
     * Deletes the mails sent before `before`: a sent mail is kept only as long as someone may ask
     * whether it left (its text names a reader). Mails given up are kept, with their error, for an
     * operator to read. Answers how many rows went.
     */
    async pruneSent(before: number): Promise<number> {
      return num(await db(OUTBOX).whereNotNull('sent_at').where('sent_at', '<', before).delete());
    },

    async counts(): Promise<OutboxCounts> {
      const [row] = await db(OUTBOX).select(
        db.raw('SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END) AS queued'),
        db.raw('SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END) AS sent'),
        db.raw('SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END) AS failed'),
      );
      return { queued: num(row?.queued), sent: num(row?.sent), failed: num(row?.failed) };
    },

    /** Spends a link's nonce: true the first time, false ever after (the primary key decides). */
    async useNonce(nonce: string, now = Date.now()): Promise<boolean> {
      const inserted = await db(NONCES)
        .insert({ nonce, used_at: now })
        .onConflict('nonce')
        .ignore()
        .returning('nonce');
      return inserted.length > 0;
    },

    async isNonceUsed(nonce: string): Promise<boolean> {
      return (await db(NONCES).where({ nonce }).first()) !== undefined;
    },

    async subscriberStatus(email: string): Promise<SubscriberStatus | null> {
      const row = await db(SUBSCRIBERS).where({ email }).first();
      return (row?.status as SubscriberStatus | undefined) ?? null;
    },

    /** Records a new address as `pending`; false when the address is known already (whatever its status). */
    async addSubscriber(email: string, now = Date.now()): Promise<boolean> {
      const inserted = await db(SUBSCRIBERS)
        .insert({ email, status: 'pending', updated_at: now })
        .onConflict('email')
        .ignore()
        .returning('email');
      return inserted.length > 0;
    },

    /** Moves a known address to `to`, from one of `from`; false when nothing changed. */
    async setSubscriberStatus(
      email: string,
      from: SubscriberStatus[],
      to: SubscriberStatus,
      now = Date.now(),
    ) {
      const changed = await db(SUBSCRIBERS)
        .where({ email })
        .whereIn('status', from)
        .update({ status: to, updated_at: now });
      return num(changed) > 0;
    },

    /**
     * Forgets an address (a reader's erasure request): its subscription, and every mail to it the
     * outbox still holds, sent or not (their texts name the reader).
     */
    async forgetAddress(email: string): Promise<void> {
      await db(SUBSCRIBERS).where({ email }).delete();
      await db(OUTBOX).where({ recipient: email }).delete();
    },

    /** Records an unsubscription even for an address never seen (a forwarded mail's link, say). */
    async unsubscribe(email: string, now = Date.now()): Promise<void> {
      await db(SUBSCRIBERS)
        .insert({ email, status: 'unsubscribed', updated_at: now })
        .onConflict('email')
        .merge({ status: 'unsubscribed', updated_at: now });
    },
  };
}

export type MailOutbox = ReturnType<typeof createMailOutbox>;

export const mailOutbox = perStrapi(createMailOutbox);
