import type { Core } from '@strapi/strapi';
import type { CommentStatus } from '@kiosque/shared';

/**
 * The reads and the insert of a reader's comment, all in one transaction. The document service costs
 * about a dozen statements (its own transaction, relation id lookups, validation, re-reads, an event
 * re-read) for what is here one indexed query per rule and two inserts; the rows written are the ones
 * it writes for a type without draft and publish: a new documentId, `published_at` set, `locale` null,
 * and the article link to each of the article's rows (draft and published).
 *
 * On PostgreSQL they go through the query builder in a knex transaction, serialised per client by an
 * advisory lock. On SQLite, knex's pool has one connection: the transaction takes it from the pool (so
 * no other query of this process can run in between), opens `BEGIN IMMEDIATE` (so no other process can
 * write in between either) and runs prepared statements kept for the connection's lifetime.
 */

const COMMENT_UID = 'api::comment.comment';
/** At most this many submissions share one SQLite transaction, so that none waits long for it. */
const MAX_BATCH = 64;
const ARTICLE_UID = 'api::article.article';

type Knex = Core.Strapi['db']['connection'];

interface Attribute {
  columnName?: string;
  joinTable?: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
  default?: unknown;
}

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
}

/** What a reply needs to know of the comment it answers. */
export interface ParentComment {
  documentId: string;
  depth: number | null;
  parentDocumentId: string | null;
  threadRootId: string | null;
  moderationStatus: CommentStatus;
}

export interface StoredComment {
  id: number;
  documentId: string;
  createdAt: Date;
}

function isForeignKeyViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23503';
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(typeof value === 'string' ? value : Number(value));
}

/** What a submission may read and write inside its transaction. */
export interface CommentTransaction {
  byIdempotencyKey(key: string): Promise<{ documentId: string; moderationStatus: CommentStatus } | null>;
  article(documentId: string): Promise<ArticleRows>;
  /**
   * Comments from one client since `since`, counted on the (ip_hash, created_at) index up to
   * `atMost`: a rate limit only needs to know whether it is reached, and a busy client's rows are not
   * all walked on each of its posts.
   */
  countSince(ipHash: string, since: Date, atMost: number): Promise<number>;
  /**
   * Whether this client (its address's keyed hash) already sent this text on this article. Never
   * keyed on the e-mail: the answer would tell whoever guesses an e-mail whether it is the author's.
   */
  hasDuplicate(articleRowIds: number[], ipHash: string, content: string): Promise<boolean>;
  /** Whether an approved comment carries this e-mail (stored lower-cased) and this commenter key. */
  hasApprovedComment(authorEmail: string, authorKeyHash: string): Promise<boolean>;
  /** The comment with this documentId, if it belongs to the article with these rows. */
  parentOf(documentId: string, articleRowIds: number[]): Promise<ParentComment | null>;
  insert(data: NewCommentRow): Promise<StoredComment>;
}

type Statement = {
  get(...bindings: unknown[]): Record<string, unknown> | undefined;
  run(...bindings: unknown[]): { lastInsertRowid: number | bigint };
};
type SqliteConnection = { prepare(sql: string): Statement; exec(sql: string): unknown };

interface KnexPool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): unknown;
}

/** Column names read once from Strapi's metadata. */
export function commentRows(strapi: Core.Strapi) {
  const comment = strapi.db.metadata.get(COMMENT_UID);
  const article = strapi.db.metadata.get(ARTICLE_UID);
  const attributes = comment.attributes as Record<string, Attribute>;
  const column = (name: string, fallback: string) => attributes[name]?.columnName ?? fallback;
  const articleColumn = (name: string, fallback: string) =>
    (article.attributes as Record<string, Attribute>)[name]?.columnName ?? fallback;
  const link = attributes.article.joinTable!;
  const createDocumentId = attributes.documentId?.default as () => string;

  const c = {
    documentId: column('documentId', 'document_id'),
    authorName: column('authorName', 'author_name'),
    authorEmail: column('authorEmail', 'author_email'),
    authorWebsite: column('authorWebsite', 'author_website'),
    content: column('content', 'content'),
    moderationStatus: column('moderationStatus', 'moderation_status'),
    parentDocumentId: column('parentDocumentId', 'parent_document_id'),
    threadRootId: column('threadRootId', 'thread_root_id'),
    depth: column('depth', 'depth'),
    ipHash: column('ipHash', 'ip_hash'),
    userAgent: column('userAgent', 'user_agent'),
    idempotencyKey: column('idempotencyKey', 'idempotency_key'),
    authorKeyHash: column('authorKeyHash', 'author_key_hash'),
    createdAt: column('createdAt', 'created_at'),
    updatedAt: column('updatedAt', 'updated_at'),
    publishedAt: column('publishedAt', 'published_at'),
    locale: column('locale', 'locale'),
  };
  const a = {
    documentId: articleColumn('documentId', 'document_id'),
    publishedAt: articleColumn('publishedAt', 'published_at'),
    commentsClosed: articleColumn('commentsClosed', 'comments_closed'),
  };

  const knexTransaction = (trx: Knex): CommentTransaction => ({
    async byIdempotencyKey(key) {
      const row = await trx(comment.tableName)
        .where(c.idempotencyKey, key)
        .first({ documentId: c.documentId, moderationStatus: c.moderationStatus });
      return row ?? null;
    },

    async article(documentId) {
      const rows: { id: number; publishedAt: unknown; commentsClosed: unknown }[] = await trx(
        article.tableName,
      )
        .where(a.documentId, documentId)
        .select({ id: 'id', publishedAt: a.publishedAt, commentsClosed: a.commentsClosed });
      const published = rows.find((row) => row.publishedAt !== null && row.publishedAt !== undefined);
      return {
        ids: rows.map((row) => row.id),
        published: published
          ? { publishedAt: toDate(published.publishedAt), commentsClosed: Boolean(published.commentsClosed) }
          : null,
      };
    },

    async countSince(ipHash, since, atMost) {
      const recent = trx(comment.tableName)
        .where(c.ipHash, ipHash)
        .andWhere(c.createdAt, '>', since)
        .limit(atMost)
        .select('id')
        .as('recent');
      const row = await trx.from(recent).count({ count: '*' }).first();
      return Number(row?.count ?? 0);
    },

    async hasDuplicate(articleRowIds, ipHash, content) {
      if (articleRowIds.length === 0) return false;
      const row = await trx(`${comment.tableName} as c`)
        .join(`${link.name} as l`, `l.${link.joinColumn.name}`, 'c.id')
        .where(`c.${c.ipHash}`, ipHash)
        .andWhere(`c.${c.content}`, content)
        .whereIn(`l.${link.inverseJoinColumn.name}`, articleRowIds)
        .first({ id: 'c.id' });
      return row !== undefined;
    },

    async hasApprovedComment(authorEmail, authorKeyHash) {
      const row = await trx(comment.tableName)
        .where(c.authorEmail, authorEmail)
        .andWhere(c.moderationStatus, 'approved')
        .andWhere(c.authorKeyHash, authorKeyHash)
        .first({ id: 'id' });
      return row !== undefined;
    },

    async parentOf(documentId, articleRowIds) {
      if (articleRowIds.length === 0) return null;
      const row = await trx(`${comment.tableName} as c`)
        .join(`${link.name} as l`, `l.${link.joinColumn.name}`, 'c.id')
        .where(`c.${c.documentId}`, documentId)
        .whereIn(`l.${link.inverseJoinColumn.name}`, articleRowIds)
        .first({
          documentId: `c.${c.documentId}`,
          depth: `c.${c.depth}`,
          parentDocumentId: `c.${c.parentDocumentId}`,
          threadRootId: `c.${c.threadRootId}`,
          moderationStatus: `c.${c.moderationStatus}`,
        });
      return (row as ParentComment | undefined) ?? null;
    },

    async insert(data) {
      const now = new Date();
      const documentId = createDocumentId();
      const [inserted] = await trx(comment.tableName)
        .insert({
          [c.documentId]: documentId,
          [c.authorName]: data.authorName,
          [c.authorEmail]: data.authorEmail,
          [c.authorWebsite]: data.authorWebsite ?? null,
          [c.content]: data.content,
          [c.moderationStatus]: data.moderationStatus,
          [c.parentDocumentId]: data.parentDocumentId ?? null,
          [c.threadRootId]: data.threadRootId ?? null,
          [c.depth]: data.depth,
          [c.ipHash]: data.ipHash,
          [c.userAgent]: data.userAgent,
          [c.idempotencyKey]: data.idempotencyKey ?? null,
          [c.authorKeyHash]: data.authorKeyHash ?? null,
          [c.createdAt]: now,
          [c.updatedAt]: now,
          [c.publishedAt]: now,
          [c.locale]: null,
        })
        .returning('id');
      const id = Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
      if (data.articleRowIds.length > 0) {
        await trx(link.name).insert(
          data.articleRowIds.map((articleId) => ({
            [link.joinColumn.name]: id,
            [link.inverseJoinColumn.name]: articleId,
          })),
        );
      }
      return { id, documentId, createdAt: now };
    },
  });

  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const T = quote(comment.tableName);
  const sql = {
    byKey: `SELECT ${quote(c.documentId)} AS documentId, ${quote(c.moderationStatus)} AS moderationStatus FROM ${T} WHERE ${quote(c.idempotencyKey)} = ? LIMIT 1`,
    article: `SELECT id, ${quote(a.publishedAt)} AS publishedAt, ${quote(a.commentsClosed)} AS commentsClosed FROM ${quote(article.tableName)} WHERE ${quote(a.documentId)} = ?`,
    countSince: `SELECT count(*) AS count FROM (SELECT id FROM ${T} WHERE ${quote(c.ipHash)} = ? AND ${quote(c.createdAt)} > ? LIMIT ?)`,
    duplicate: (n: number) =>
      `SELECT c.id FROM ${T} AS c JOIN ${quote(link.name)} AS l ON l.${quote(link.joinColumn.name)} = c.id WHERE c.${quote(c.ipHash)} = ? AND c.${quote(c.content)} = ? AND l.${quote(link.inverseJoinColumn.name)} IN (${Array(n).fill('?').join(', ')}) LIMIT 1`,
    approved: `SELECT id FROM ${T} WHERE ${quote(c.authorEmail)} = ? AND ${quote(c.moderationStatus)} = 'approved' AND ${quote(c.authorKeyHash)} = ? LIMIT 1`,
    parent: (n: number) =>
      `SELECT c.${quote(c.documentId)} AS documentId, c.${quote(c.depth)} AS depth, c.${quote(c.parentDocumentId)} AS parentDocumentId, c.${quote(c.threadRootId)} AS threadRootId, c.${quote(c.moderationStatus)} AS moderationStatus FROM ${T} AS c JOIN ${quote(link.name)} AS l ON l.${quote(link.joinColumn.name)} = c.id WHERE c.${quote(c.documentId)} = ? AND l.${quote(link.inverseJoinColumn.name)} IN (${Array(n).fill('?').join(', ')}) LIMIT 1`,
    insert: `INSERT INTO ${T} (${Object.values(c).map(quote).join(', ')}) VALUES (${Object.keys(c)
      .map((key) => `@${key}`)
      .join(', ')})`,
    link: `INSERT INTO ${quote(link.name)} (${quote(link.joinColumn.name)}, ${quote(link.inverseJoinColumn.name)}) VALUES (?, ?)`,
  };
  const statementsOf = new WeakMap<SqliteConnection, Map<string, Statement>>();
  const sqliteTransaction = (connection: SqliteConnection): CommentTransaction => {
    let statements = statementsOf.get(connection);
    if (!statements) statementsOf.set(connection, (statements = new Map()));
    const cache = statements;
    const statement = (text: string) => {
      let prepared = cache.get(text);
      if (!prepared) cache.set(text, (prepared = connection.prepare(text)));
      return prepared;
    };
    return {
      async byIdempotencyKey(key) {
        const row = statement(sql.byKey).get(key);
        return row
          ? { documentId: String(row.documentId), moderationStatus: row.moderationStatus as CommentStatus }
          : null;
      },
      async article(documentId) {
        const rows = (
          statement(sql.article) as unknown as { all(...b: unknown[]): Record<string, unknown>[] }
        ).all(documentId);
        const published = rows.find((row) => row.publishedAt !== null && row.publishedAt !== undefined);
        return {
          ids: rows.map((row) => Number(row.id)),
          published: published
            ? {
                publishedAt: toDate(published.publishedAt),
                commentsClosed: Boolean(published.commentsClosed),
              }
            : null,
        };
      },
      async countSince(ipHash, since, atMost) {
        return Number(statement(sql.countSince).get(ipHash, since.getTime(), atMost)?.count ?? 0);
      },
      async hasDuplicate(articleRowIds, ipHash, content) {
        if (articleRowIds.length === 0) return false;
        return (
          statement(sql.duplicate(articleRowIds.length)).get(ipHash, content, ...articleRowIds) !== undefined
        );
      },
      async hasApprovedComment(authorEmail, authorKeyHash) {
        return statement(sql.approved).get(authorEmail, authorKeyHash) !== undefined;
      },
      async parentOf(documentId, articleRowIds) {
        if (articleRowIds.length === 0) return null;
        const row = statement(sql.parent(articleRowIds.length)).get(documentId, ...articleRowIds);
        return (row as ParentComment | undefined) ?? null;
      },
      async insert(data) {
        const now = Date.now();
        const documentId = createDocumentId();
        const { lastInsertRowid } = statement(sql.insert).run({
          documentId,
          authorName: data.authorName,
          authorEmail: data.authorEmail,
          authorWebsite: data.authorWebsite ?? null,
          content: data.content,
          moderationStatus: data.moderationStatus,
          parentDocumentId: data.parentDocumentId ?? null,
          threadRootId: data.threadRootId ?? null,
          depth: data.depth,
          ipHash: data.ipHash,
          userAgent: data.userAgent,
          idempotencyKey: data.idempotencyKey ?? null,
          authorKeyHash: data.authorKeyHash ?? null,
          createdAt: now,
          updatedAt: now,
          publishedAt: now,
          locale: null,
        });
        const id = Number(lastInsertRowid);
        for (const articleId of data.articleRowIds) statement(sql.link).run(id, articleId);
        return { id, documentId, createdAt: new Date(now) };
      },
    };
  };

  /*
   * Group commit on SQLite. Submissions that reach this point in the same turn of the event loop
   * share one write transaction: each runs inside its own savepoint (a refused or failed one undoes
   * only its own writes), in arrival order, so each still sees the rows of those before it (the
   * rate limit, the duplicate check and idempotency stay exact); then one COMMIT makes them all
   * durable, and only then does any of them get its answer. One commit instead of one per comment:
   * the WAL pages the comments share (table, indexes, link table) are written once.
   */
  interface QueuedWork {
    work: (tx: CommentTransaction) => Promise<unknown>;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }
  const waiting: QueuedWork[] = [];
  let flushScheduled = false;
  // One batch at a time: those arriving meanwhile wait together for the next one.
  let batchRunning = false;
  const pool = strapi.db.connection.client as unknown as KnexPool;

  async function runBatch(batch: QueuedWork[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const connection = (await pool.acquireConnection()) as SqliteConnection;
    try {
      connection.exec('BEGIN IMMEDIATE');
      const tx = sqliteTransaction(connection);
      for (const { work } of batch) {
        connection.exec('SAVEPOINT kiosque_comment');
        try {
          const value = await work(tx);
          connection.exec('RELEASE kiosque_comment');
          outcomes.push({ ok: true, value });
        } catch (error) {
          connection.exec('ROLLBACK TO kiosque_comment');
          connection.exec('RELEASE kiosque_comment');
          outcomes.push({ ok: false, error });
        }
      }
      connection.exec('COMMIT');
    } catch (error) {
      // Nothing of this batch is stored (BEGIN, a savepoint or COMMIT failed, e.g. a full disk):
      // every submission in it hears so; SQLite may already have rolled back on its own.
      try {
        connection.exec('ROLLBACK');
      } catch {
        // nothing left to undo
      }
      for (const { reject } of batch) reject(error);
      return;
    } finally {
      pool.releaseConnection(connection);
    }
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }

  function scheduleFlush(): void {
    if (flushScheduled || batchRunning || waiting.length === 0) return;
    flushScheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    flushScheduled = false;
    batchRunning = true;
    const batch = waiting.splice(0, MAX_BATCH);
    runBatch(batch)
      .catch((error: unknown) => {
        for (const { reject } of batch) reject(error);
      })
      .finally(() => {
        batchRunning = false;
        scheduleFlush();
      });
  }

  return {
    /**
     * Runs `work` in one transaction. `lockKey` serialises the submissions of one client on
     * PostgreSQL; SQLite runs one write transaction at a time anyway, shared by the submissions
     * that arrive together (group commit, above).
     */
    async transaction<T>(lockKey: number, work: (tx: CommentTransaction) => Promise<T>): Promise<T> {
      if (strapi.db.dialect.client !== 'sqlite') {
        for (let attempt = 1; ; attempt += 1) {
          try {
            return await strapi.db.transaction(async ({ trx }) => {
              if (strapi.db.dialect.client === 'postgres') {
                await trx.raw('SELECT pg_advisory_xact_lock(?)', [lockKey]);
              }
              return work(knexTransaction(trx));
            });
          } catch (error) {
            // An editor published the article between our read of its rows and the link insert
            // (publishing replaces the published row): nothing was stored, start again on the new rows.
            if (!isForeignKeyViolation(error) || attempt >= 3) throw error;
          }
        }
      }
      return new Promise<T>((resolve, reject) => {
        waiting.push({ work, resolve, reject } as QueuedWork);
        scheduleFlush();
      });
    },
  };
}

export type CommentRows = ReturnType<typeof commentRows>;
