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
  /** Comments from one client since `since`, counted on the (ip_hash, created_at) index. */
  countSince(ipHash: string, since: Date): Promise<number>;
  /** Whether this author already sent this text on this article (e-mails are stored lower-cased). */
  hasDuplicate(articleRowIds: number[], authorEmail: string, content: string): Promise<boolean>;
  hasApprovedComment(authorEmail: string): Promise<boolean>;
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

    async countSince(ipHash, since) {
      const row = await trx(comment.tableName)
        .where(c.ipHash, ipHash)
        .andWhere(c.createdAt, '>', since)
        .count({ count: '*' })
        .first();
      return Number(row?.count ?? 0);
    },

    async hasDuplicate(articleRowIds, authorEmail, content) {
      if (articleRowIds.length === 0) return false;
      const row = await trx(`${comment.tableName} as c`)
        .join(`${link.name} as l`, `l.${link.joinColumn.name}`, 'c.id')
        .where(`c.${c.authorEmail}`, authorEmail)
        .andWhere(`c.${c.content}`, content)
        .whereIn(`l.${link.inverseJoinColumn.name}`, articleRowIds)
        .first({ id: 'c.id' });
      return row !== undefined;
    },

    async hasApprovedComment(authorEmail) {
      const row = await trx(comment.tableName)
        .where(c.authorEmail, authorEmail)
        .andWhere(c.moderationStatus, 'approved')
        .first({ id: 'id' });
      return row !== undefined;
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
    countSince: `SELECT count(*) AS count FROM ${T} WHERE ${quote(c.ipHash)} = ? AND ${quote(c.createdAt)} > ?`,
    duplicate: (n: number) =>
      `SELECT c.id FROM ${T} AS c JOIN ${quote(link.name)} AS l ON l.${quote(link.joinColumn.name)} = c.id WHERE c.${quote(c.authorEmail)} = ? AND c.${quote(c.content)} = ? AND l.${quote(link.inverseJoinColumn.name)} IN (${Array(n).fill('?').join(', ')}) LIMIT 1`,
    approved: `SELECT id FROM ${T} WHERE ${quote(c.authorEmail)} = ? AND ${quote(c.moderationStatus)} = 'approved' LIMIT 1`,
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
      async countSince(ipHash, since) {
        return Number(statement(sql.countSince).get(ipHash, since.getTime())?.count ?? 0);
      },
      async hasDuplicate(articleRowIds, authorEmail, content) {
        if (articleRowIds.length === 0) return false;
        return (
          statement(sql.duplicate(articleRowIds.length)).get(authorEmail, content, ...articleRowIds) !==
          undefined
        );
      },
      async hasApprovedComment(authorEmail) {
        return statement(sql.approved).get(authorEmail) !== undefined;
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

  return {
    /**
     * Runs `work` in one transaction. `lockKey` serialises the submissions of one client on
     * PostgreSQL; SQLite runs one write transaction at a time anyway.
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
      const pool = strapi.db.connection.client as unknown as KnexPool;
      const connection = (await pool.acquireConnection()) as SqliteConnection;
      try {
        connection.exec('BEGIN IMMEDIATE');
        let result: T;
        try {
          result = await work(sqliteTransaction(connection));
        } catch (error) {
          // SQLite may already have rolled back on its own (e.g. a full disk): the error is the news.
          try {
            connection.exec('ROLLBACK');
          } catch {
            // nothing left to undo
          }
          throw error;
        }
        connection.exec('COMMIT');
        return result;
      } finally {
        pool.releaseConnection(connection);
      }
    },
  };
}

export type CommentRows = ReturnType<typeof commentRows>;
