import { AsyncResource } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import type { CommentStatus, ParentComment } from '@kiosque/shared';
import { rowsOf, statementCache, type CompiledStatement, type Row } from './compiled';
import { DOCUMENT_ID, modelTable, perStrapi, type Knex } from './schema';

/**
 * The reads and the insert of a reader's comment, in one transaction, with the knex query builder on
 * both databases. The document service costs about a dozen statements (its own transaction, relation
 * id lookups, validation, re-reads, an event re-read) for what is here one statement for the rules'
 * reads (indexed subqueries), one for the trusted-author or parent check where it applies, and two
 * inserts, each built once with the query builder and then only bound (compiled.ts). The rows
 * written are the ones it writes for a type without draft and publish: a new documentId,
 * `published_at` set, `locale` null, and the article link to each of the article's rows (draft and
 * published).
 *
 * Group commit: the submissions that reach `transaction()` while a batch is being written wait
 * together for the next one, and share its transaction, in arrival order, so each sees the rows of
 * those before it (the rate limit, the duplicate check and idempotency stay exact); then one COMMIT
 * makes them all durable, and only then does any of them get its answer. One commit per batch instead
 * of one per comment: the pages the comments share (table, indexes, link table) are written once.
 *
 * A submission refused by a rule has read and written nothing, so a batch first runs without
 * savepoints: two round trips fewer per comment, which on PostgreSQL was a third of the write path's
 * statements. Only when a submission fails after it wrote, or a statement fails (which aborts a
 * PostgreSQL transaction), is the batch undone and run again with each submission in its own
 * savepoint (a failed one undoes only its own writes). Nothing has been answered or announced by then,
 * so the second run is what the first would have been.
 *
 * Serialised per client: on PostgreSQL each batch first takes the transaction-level advisory lock of
 * every client in it, in ascending order (two instances' batches never wait for each other in a
 * cycle), so a client's submissions on two instances, or in two batches of one instance, run one
 * after the other. SQLite has one writer at a time anyway: knex's pool has one connection, which the
 * batch holds, and the batch's first statement takes the database's write lock, as BEGIN IMMEDIATE
 * would, so that another process cannot write between its reads and its inserts.
 */

const COMMENT_UID = 'api::comment.comment';
const ARTICLE_UID = 'api::article.article';
/** At most this many submissions share one transaction, so that none waits long for it. */
const MAX_BATCH = 64;
/** An article published between the read of its rows and the link insert: read them again. */
const MAX_ATTEMPTS = 3;

type CommentAttribute =
  | 'documentId'
  | 'authorName'
  | 'authorEmail'
  | 'authorWebsite'
  | 'content'
  | 'moderationStatus'
  | 'parentDocumentId'
  | 'threadRootId'
  | 'depth'
  | 'ipHash'
  | 'userAgent'
  | 'idempotencyKey'
  | 'authorKeyHash'
  | 'moderationReason'
  | 'notifyReplies'
  | 'notifyPublished'
  | 'createdAt'
  | 'updatedAt'
  | 'publishedAt'
  | 'locale'
  | 'article';

export interface ArticleRows {
  /** Every row of the article (draft and published), as the relation links them all. */
  ids: number[];
  /** The published row's state, or null when the article is not published. */
  published: { publishedAt: Date | null; commentsClosed: boolean } | null;
}

export interface NewCommentRow {
  articleRowIds: number[];
  authorName: string;
  authorEmail: string;
  authorWebsite?: string;
  content: string;
  moderationStatus: CommentStatus;
  parentDocumentId?: string;
  threadRootId?: string;
  depth: number;
  ipHash: string;
  userAgent: string;
  idempotencyKey?: string;
  /** Keyed hash of the commenter key the reader's browser sent, if any. */
  authorKeyHash?: string;
  /** Why the rules held it (or sent it to spam), shown to moderators; none when approved. */
  moderationReason?: string;
  /** The reader asked to be mailed the approved replies to this comment. */
  notifyReplies?: boolean;
  /** The reader asked for one mail when this comment, held, is approved. */
  notifyPublished?: boolean;
}

/**
 * A comment an import brings (cms/src/wordpress/): written as it was, with its own date, and with no
 * address hash, user agent or keys, which only a reader's submission has.
 */
export type ImportedCommentRow = Omit<
  NewCommentRow,
  'ipHash' | 'userAgent' | 'idempotencyKey' | 'authorKeyHash'
> & { createdAt: Date };

type CommentRowValues = Omit<NewCommentRow, 'ipHash' | 'userAgent'> & {
  ipHash?: string;
  userAgent?: string;
  createdAt?: Date;
};

export interface StoredComment {
  id: number;
  documentId: string;
  createdAt: Date;
}

export interface SubmissionQuery {
  idempotencyKey?: string;
  articleDocumentId: string;
  ipHash: string;
  since: Date;
  atMost: number;
  content: string;
}

export interface SubmissionFacts {
  earlier: { documentId: string; moderationStatus: CommentStatus } | null;
  article: ArticleRows;
  recent: number;
  duplicate: boolean;
}

/** What a submission may read and write inside its transaction. */
export interface CommentTransaction {
  /**
   * What the rules read before a submission is written, in one statement: the comment already stored
   * under this idempotency key, the article's rows, this client's comments since `since` (counted on
   * the (ip_hash, created_at) index up to `atMost`: a rate limit only needs to know whether it is
   * reached, and a busy client's rows are not all walked on each of its posts), and whether this
   * client (its address's keyed hash) already sent this text on this article. The duplicate check is
   * never keyed on the e-mail: the answer would tell whoever guesses an e-mail whether it is the
   * author's.
   */
  facts(query: SubmissionQuery): Promise<SubmissionFacts>;
  /** Whether an approved comment carries this e-mail (stored lower-cased) and this commenter key. */
  hasApprovedComment(authorEmail: string, authorKeyHash: string): Promise<boolean>;
  /** The comment with this documentId, if it belongs to the article with these rows. */
  parentOf(documentId: string, articleRowIds: number[]): Promise<ParentComment | null>;
  insert(data: NewCommentRow): Promise<StoredComment>;
  /** Runs once the transaction holding this submission has committed; never if it is undone. */
  afterCommit(effect: () => void): void;
}

function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(typeof value === 'string' ? value : Number(value));
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What a submission did in a batch run without savepoints (see runBare). */
interface WriteGuard {
  wrote: boolean;
  failed: boolean;
}

/** A batch run without savepoints has something to undo: run it again, each submission isolated. */
const REPLAY: unique symbol = Symbol('kiosque.comment-batch.replay');

interface Submission {
  lockKey: number;
  work: (tx: CommentTransaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

function createCommentRows(strapi: Core.Strapi) {
  const comments = modelTable<CommentAttribute>(strapi, COMMENT_UID);
  const articles = modelTable<'documentId' | 'publishedAt' | 'commentsClosed'>(strapi, ARTICLE_UID);
  const c = comments.column;
  const link = comments.link('article');
  const postgres = strapi.db.dialect.client === 'postgres';
  const sqlite = strapi.db.dialect.client === 'sqlite';
  // SQLite writes one transaction at a time; PostgreSQL writes batches side by side, each on a
  // connection of its own, leaving the rest of the pool to the reads.
  const lanes = sqlite ? 1 : Math.max(1, strapi.config.get<number>('kiosque.commentWriteLanes', 4));

  const db = strapi.db.connection;

  // Each statement's shape is built with the query builder once (per list length where it has a
  // list), at its first use; a submission only binds its values (see compiled.ts).
  const factsStatement = statementCache<
    'facts',
    'key' | 'article' | 'ipHash' | 'since' | 'atMost' | 'content'
  >((_, param) => {
    // Comments from this client in the window, counted up to `atMost` on the (ip_hash, created_at) index.
    const recent = db
      .from(
        db(comments.table)
          .where(c('ipHash'), param('ipHash'))
          .andWhere(c('createdAt'), '>', param('since'))
          .limit(param.number('atMost'))
          .select('id')
          .as('recent'),
      )
      .count('*');
    // This client's comment with this text on any row of this article.
    const duplicate = db(`${comments.table} as d`)
      .join(`${link.name} as dl`, `dl.${link.joinColumn}`, 'd.id')
      .join(`${articles.table} as da`, 'da.id', `dl.${link.inverseJoinColumn}`)
      .where(`d.${c('ipHash')}`, param('ipHash'))
      .andWhere(`d.${c('content')}`, param('content'))
      .andWhere(`da.${articles.column('documentId')}`, param('article'))
      .select('d.id')
      .limit(1);
    // One row per row of the article (none: one row of nulls), each with the same answers.
    return db
      .from(db.select(db.raw('1 AS one')).as('facts'))
      .leftJoin(`${comments.table} as e`, (on) => {
        on.onVal(`e.${c('idempotencyKey')}`, '=', param('key'));
      })
      .leftJoin(`${articles.table} as a`, (on) => {
        on.onVal(`a.${articles.column('documentId')}`, '=', param('article'));
      })
      .select({
        earlierDocumentId: `e.${c('documentId')}`,
        earlierStatus: `e.${c('moderationStatus')}`,
        articleRowId: 'a.id',
        publishedAt: `a.${articles.column('publishedAt')}`,
        commentsClosed: `a.${articles.column('commentsClosed')}`,
        recent,
        duplicateId: duplicate,
      });
  });

  const approvedStatement = statementCache<'approved', 'email' | 'keyHash'>((_, param) =>
    db(comments.table)
      .where(c('authorEmail'), param('email'))
      .andWhere(c('moderationStatus'), 'approved')
      .andWhere(c('authorKeyHash'), param('keyHash'))
      .select('id')
      .limit(1),
  );

  const parentStatement = statementCache<number, string>((articleRows, param) =>
    db(`${comments.table} as c`)
      .join(`${link.name} as l`, `l.${link.joinColumn}`, 'c.id')
      .where(`c.${c('documentId')}`, param('documentId'))
      .whereIn(
        `l.${link.inverseJoinColumn}`,
        Array.from({ length: articleRows }, (_, index) => param(`article${index}`)),
      )
      .select({
        documentId: `c.${c('documentId')}`,
        depth: `c.${c('depth')}`,
        parentDocumentId: `c.${c('parentDocumentId')}`,
        threadRootId: `c.${c('threadRootId')}`,
        moderationStatus: `c.${c('moderationStatus')}`,
      })
      .limit(1),
  );

  const commentColumns = [
    'documentId',
    'authorName',
    'authorEmail',
    'authorWebsite',
    'content',
    'moderationStatus',
    'parentDocumentId',
    'threadRootId',
    'depth',
    'ipHash',
    'userAgent',
    'idempotencyKey',
    'authorKeyHash',
    'moderationReason',
    'notifyReplies',
    'notifyPublished',
    'createdAt',
    'updatedAt',
    'publishedAt',
    'locale',
  ] as const satisfies readonly CommentAttribute[];
  type CommentColumn = (typeof commentColumns)[number];

  const insertStatement = statementCache<'insert', CommentColumn>((_, param) =>
    db(comments.table)
      .insert(Object.fromEntries(commentColumns.map((attribute) => [c(attribute), param(attribute)])))
      .returning('id'),
  );

  const linkStatement = statementCache<number, string>((articleRows, param) =>
    db(link.name).insert(
      Array.from({ length: articleRows }, (_, index) => ({
        [link.joinColumn]: param(`comment${index}`),
        [link.inverseJoinColumn]: param(`article${index}`),
      })),
    ),
  );

  // A write that changes nothing: SQLite's write lock, taken before the first read.
  const writeLockStatement = statementCache<'lock', never>(() =>
    db(comments.table).whereRaw('1 = 0').delete(),
  );

  type Runner = <P extends string>(
    statement: CompiledStatement<P>,
    values: Record<P, unknown>,
  ) => Promise<Row[]>;

  /** One comment row and its links to the article's rows: two prepared statements. */
  async function insertRow(run: Runner, data: CommentRowValues): Promise<StoredComment> {
    const now = data.createdAt ?? new Date();
    const documentId = comments.newDocumentId();
    const [inserted] = await run(insertStatement('insert'), {
      documentId,
      authorName: data.authorName,
      authorEmail: data.authorEmail,
      authorWebsite: data.authorWebsite ?? null,
      content: data.content,
      moderationStatus: data.moderationStatus,
      parentDocumentId: data.parentDocumentId ?? null,
      threadRootId: data.threadRootId ?? null,
      depth: data.depth,
      ipHash: data.ipHash ?? null,
      userAgent: data.userAgent ?? null,
      idempotencyKey: data.idempotencyKey ?? null,
      authorKeyHash: data.authorKeyHash ?? null,
      moderationReason: data.moderationReason ?? null,
      notifyReplies: data.notifyReplies === true,
      notifyPublished: data.notifyPublished === true,
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
      locale: null,
    });
    const id = Number(inserted.id);
    if (data.articleRowIds.length > 0) {
      const values: Record<string, unknown> = {};
      data.articleRowIds.forEach((articleId, index) => {
        values[`comment${index}`] = id;
        values[`article${index}`] = articleId;
      });
      await run(linkStatement(data.articleRowIds.length), values);
    }
    return { id, documentId, createdAt: now };
  }

  const statementsOn = (trx: Knex, effects: (() => void)[], guard: WriteGuard): CommentTransaction => {
    // Every statement of a submission goes through here, so that the guard knows whether it failed.
    const run = async <P extends string>(
      statement: CompiledStatement<P>,
      values: Record<P, unknown>,
    ): Promise<Row[]> => {
      try {
        return await rowsOf(trx, statement, values);
      } catch (error) {
        guard.failed = true;
        throw error;
      }
    };
    return {
      async facts({ idempotencyKey, articleDocumentId, ipHash, since, atMost, content }) {
        const rows = await run(factsStatement('facts'), {
          key: idempotencyKey ?? null,
          // Anything but a documentId names no article and is never sent.
          article: DOCUMENT_ID.test(articleDocumentId) ? articleDocumentId : null,
          ipHash,
          since,
          atMost,
          content,
        });
        const [first] = rows;
        const articleRows = rows.filter((row) => row.articleRowId !== null && row.articleRowId !== undefined);
        const published = articleRows.find(
          (row) => row.publishedAt !== null && row.publishedAt !== undefined,
        );
        return {
          earlier:
            first.earlierDocumentId === null || first.earlierDocumentId === undefined
              ? null
              : {
                  documentId: String(first.earlierDocumentId),
                  moderationStatus: first.earlierStatus as CommentStatus,
                },
          article: {
            ids: articleRows.map((row) => Number(row.articleRowId)),
            published: published
              ? {
                  publishedAt: toDate(published.publishedAt),
                  commentsClosed: Boolean(published.commentsClosed),
                }
              : null,
          },
          recent: Number(first.recent ?? 0),
          duplicate: first.duplicateId !== null && first.duplicateId !== undefined,
        };
      },

      async hasApprovedComment(authorEmail, authorKeyHash) {
        const rows = await run(approvedStatement('approved'), {
          email: authorEmail,
          keyHash: authorKeyHash,
        });
        return rows.length > 0;
      },

      async parentOf(documentId, articleRowIds) {
        if (articleRowIds.length === 0) return null;
        const values: Record<string, unknown> = { documentId };
        articleRowIds.forEach((id, index) => (values[`article${index}`] = id));
        const [row] = await run(parentStatement(articleRowIds.length), values);
        return (row as unknown as ParentComment | undefined) ?? null;
      },

      async insert(data) {
        guard.wrote = true;
        return insertRow(run, data);
      },

      afterCommit(effect) {
        effects.push(effect);
      },
    };
  };

  /**
   * One submission without a savepoint: its outcome, or REPLAY when it left something to undo (it
   * wrote and then failed, or a statement failed).
   */
  async function runBare(
    trx: Knex,
    submission: Submission,
    committed: (() => void)[],
  ): Promise<Outcome | typeof REPLAY> {
    const effects: (() => void)[] = [];
    const guard: WriteGuard = { wrote: false, failed: false };
    try {
      const value = await submission.work(statementsOn(trx, effects, guard));
      if (guard.failed) return REPLAY;
      committed.push(...effects);
      return { ok: true, value };
    } catch (error) {
      if (guard.wrote || guard.failed) return REPLAY;
      return { ok: false, error };
    }
  }

  /** One submission in its own savepoint, read again from the start if an article was republished. */
  async function runIsolated(trx: Knex, submission: Submission, committed: (() => void)[]): Promise<Outcome> {
    for (let attempt = 1; ; attempt += 1) {
      const effects: (() => void)[] = [];
      await trx.raw('SAVEPOINT kiosque_comment');
      try {
        const value = await submission.work(statementsOn(trx, effects, { wrote: false, failed: false }));
        await trx.raw('RELEASE SAVEPOINT kiosque_comment');
        committed.push(...effects);
        return { ok: true, value };
      } catch (error) {
        await trx.raw('ROLLBACK TO SAVEPOINT kiosque_comment');
        await trx.raw('RELEASE SAVEPOINT kiosque_comment');
        if (!isForeignKeyViolation(error) || attempt >= MAX_ATTEMPTS) return { ok: false, error };
      }
    }
  }

  async function lock(trx: Knex, batch: Submission[]): Promise<void> {
    if (postgres) {
      const keys = [...new Set(batch.map((submission) => submission.lockKey))].sort((a, b) => a - b);
      await trx.raw(
        `SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest(ARRAY[${keys.map(() => '?').join(', ')}]::bigint[]) AS k ORDER BY k) AS keys`,
        keys,
      );
    } else if (sqlite) {
      await rowsOf(trx, writeLockStatement('lock'), {});
    }
  }

  function runEffects(committed: (() => void)[]): void {
    for (const effect of committed) {
      try {
        effect();
      } catch (error) {
        strapi.log.warn(`A comment's after-commit step failed (${String(error)}).`);
      }
    }
  }

  /** The batch in one transaction: each submission's outcome and the effects of those that succeeded. */
  async function writeBatch(
    batch: Submission[],
    isolated: boolean,
  ): Promise<{ outcomes: Outcome[]; committed: (() => void)[] }> {
    const outcomes: Outcome[] = [];
    const committed: (() => void)[] = [];
    await strapi.db.transaction(async ({ trx }) => {
      await lock(trx, batch);
      for (const submission of batch) {
        const outcome = isolated
          ? await runIsolated(trx, submission, committed)
          : await runBare(trx, submission, committed);
        // Thrown, it rolls the transaction back: the batch is run again, isolated.
        if (outcome === REPLAY) throw REPLAY;
        outcomes.push(outcome);
      }
    });
    return { outcomes, committed };
  }

  async function runBatch(batch: Submission[]): Promise<void> {
    let written: { outcomes: Outcome[]; committed: (() => void)[] };
    try {
      try {
        written = await writeBatch(batch, false);
      } catch (error) {
        if (error !== REPLAY) throw error;
        written = await writeBatch(batch, true);
      }
    } catch (error) {
      // Nothing of this batch is stored (BEGIN, a savepoint or COMMIT failed, e.g. a full disk):
      // every submission in it hears so.
      for (const { reject } of batch) reject(error);
      return;
    }
    runEffects(written.committed);
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = written.outcomes[index];
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }

  const waiting: Submission[] = [];
  let running = 0;
  let flushScheduled = false;
  // Batches start outside the async context of whichever request queued first: never inside a
  // caller's transaction.
  const batches = new AsyncResource('kiosque.comment-batch');

  function scheduleFlush(): void {
    if (flushScheduled || running >= lanes || waiting.length === 0) return;
    flushScheduled = true;
    setImmediate(() => batches.runInAsyncScope(flush));
  }

  function flush(): void {
    flushScheduled = false;
    while (running < lanes && waiting.length > 0) {
      const batch = waiting.splice(0, MAX_BATCH);
      running += 1;
      runBatch(batch)
        .catch((error: unknown) => {
          for (const { reject } of batch) reject(error);
        })
        .finally(() => {
          running -= 1;
          scheduleFlush();
        });
    }
  }

  return {
    /**
     * Writes an imported comment inside the caller's transaction (the importer's, which holds its
     * post): the rows the reader path writes, without its rules or its queue, which are for readers'
     * submissions. The caller has checked the fields, normalised the e-mail and placed the reply.
     * Nothing empties the response cache or is announced to webhooks: an import does the first once
     * for everything, and a blog's history is not news.
     */
    async insertImported(row: ImportedCommentRow): Promise<StoredComment> {
      if (!strapi.db.inTransaction()) {
        throw new Error('An imported comment is written in its post’s transaction.');
      }
      return strapi.db.transaction(({ trx }) =>
        insertRow((statement, values) => rowsOf(trx, statement, values), row),
      );
    },

    /**
     * Runs `work` in a transaction shared with the submissions written together (see above), after
     * every earlier submission with the same `lockKey` (one per client) has committed or failed.
     */
    transaction<T>(lockKey: number, work: (tx: CommentTransaction) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push({ lockKey, work, resolve: resolve as (value: unknown) => void, reject });
        scheduleFlush();
      });
    },
  };
}

/** The comment write path of this Strapi instance (names resolved once, one queue). */
export const commentRows = perStrapi(createCommentRows);

export type CommentRows = ReturnType<typeof createCommentRows>;
