import type { Core } from '@strapi/strapi';
import { readingTimeMinutes } from '@kiosque/shared';
import { modelTable } from './schema';

/**
 * The rows the Document Service writes for an article created by the WordPress import, written here
 * in four statements instead of its ~40. Why it exists, measured on this machine (generated export,
 * SQLite): through `strapi.documents(…).create({ status: 'published' })` a post cost 48 SQL statements
 * (a draft, then a publish that re-reads the draft, its relations, its cover, its components and the
 * comments' links, validates twice and counts the author and category twice), about 60 % of an
 * import's time, and the import ran at 26 posts per CPU-second; the target is 100.
 *
 * What it writes is exactly what the Document Service writes for an article without a cover or SEO
 * component (the importer sends those through the Document Service), which
 * tests/wordpress-import.spec.ts checks by importing the same posts both ways and comparing every
 * column and the public API's answers, on both databases:
 * - one row (a draft: `published_at` null) for a draft; for a published article, that row and a
 *   second one with `published_at` set, the same `document_id`, `locale` null, the same timestamps;
 * - its author and category linked from each row (authors and categories have no draft and publish:
 *   one row each), with no order column (neither side orders them);
 * - `reading_time` computed from the body as the article's document middleware does.
 * The data is validated by Strapi's own validator for the content type (required fields, lengths,
 * the uid's format, the blocks), as the Document Service validates it; the author and category are the
 * importer's own (created or matched in the same run), and their rows are checked to exist here.
 *
 * The caller tells the response cache and the purge hook once per batch (importer.ts), as the
 * Document Service's middleware (cache/invalidation.ts) would after each write.
 */

const ARTICLE_UID = 'api::article.article';
const AUTHOR_UID = 'api::author.author';
const CATEGORY_UID = 'api::category.category';

export interface ImportedArticle {
  title: string;
  slug: string;
  excerpt: string;
  body: unknown[];
  commentsClosed: boolean;
  /** documentIds. */
  author?: string;
  category?: string;
  status: 'published' | 'draft';
  /** WordPress's dates when it has them; now otherwise. */
  createdAt?: Date;
  updatedAt?: Date;
  publishedAt?: Date;
}

export function createArticleWriter(strapi: Core.Strapi) {
  const article = modelTable<'author' | 'category'>(strapi, ARTICLE_UID);
  const authorLink = article.link('author');
  const categoryLink = article.link('category');
  for (const uid of [AUTHOR_UID, CATEGORY_UID]) {
    // One row per document is what the links below assume.
    const { options } = strapi.getModel(uid as never) as { options?: { draftAndPublish?: boolean } };
    if (options?.draftAndPublish === true) {
      throw new Error(`${uid} has draft and publish: the article writer links one row per document.`);
    }
  }
  const model = strapi.getModel(ARTICLE_UID as never);
  // An author or category row id per documentId, for the run (the importer's own, never deleted by it).
  const rowIds = new Map<string, number>();

  async function rowIdOf(uid: string, documentId: string): Promise<number> {
    const key = `${uid} ${documentId}`;
    const known = rowIds.get(key);
    if (known !== undefined) return known;
    const row = (await strapi.db.query(uid as never).findOne({ where: { documentId }, select: ['id'] })) as {
      id: number;
    } | null;
    if (!row) throw new Error(`${uid} ${documentId} does not exist.`);
    rowIds.set(key, row.id);
    return row.id;
  }

  return {
    /** Writes one article in the caller's transaction: its documentId and row ids (draft first). */
    async insert(entry: ImportedArticle): Promise<{ documentId: string; rowIds: number[] }> {
      if (!strapi.db.inTransaction()) throw new Error('An imported article is written in a transaction.');
      const fields = {
        title: entry.title,
        slug: entry.slug,
        excerpt: entry.excerpt,
        body: entry.body,
        commentsClosed: entry.commentsClosed,
        readingTime: readingTimeMinutes(entry.body),
      };
      // The Document Service validates the draft it creates, then the published copy as published.
      const valid = (await strapi.entityValidator.validateEntityCreation(model, fields as never, {
        isDraft: entry.status === 'draft',
      })) as typeof fields;
      const author = entry.author === undefined ? undefined : await rowIdOf(AUTHOR_UID, entry.author);
      const category = entry.category === undefined ? undefined : await rowIdOf(CATEGORY_UID, entry.category);
      const now = new Date();
      const documentId = article.newDocumentId();
      const row = {
        ...valid,
        documentId,
        locale: null,
        createdAt: entry.createdAt ?? now,
        updatedAt: entry.updatedAt ?? entry.createdAt ?? now,
      };
      const rows =
        entry.status === 'published'
          ? [
              { ...row, publishedAt: null },
              { ...row, publishedAt: entry.publishedAt ?? now },
            ]
          : [{ ...row, publishedAt: null }];
      const { ids } = await strapi.db.query(ARTICLE_UID).createMany({ data: rows });
      const articleIds = ids as number[];
      await strapi.db.transaction(async ({ trx }) => {
        if (author !== undefined) {
          await trx(authorLink.name).insert(
            articleIds.map((id) => ({ [authorLink.joinColumn]: id, [authorLink.inverseJoinColumn]: author })),
          );
        }
        if (category !== undefined) {
          await trx(categoryLink.name).insert(
            articleIds.map((id) => ({
              [categoryLink.joinColumn]: id,
              [categoryLink.inverseJoinColumn]: category,
            })),
          );
        }
      });
      return { documentId, rowIds: articleIds };
    },
  };
}

export type ArticleWriter = ReturnType<typeof createArticleWriter>;
