import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { articlePath, categoryPath, placementUnder, type CommentStatus } from '@kiosque/shared';
import { invalidateAfterCommit } from '../cache/invalidation';
import { purgeHookOf, purgeOf } from '../cache/purge-hook';
import { responseCacheOf } from '../cache/response-cache';
import { createArticleWriter } from '../db/article-rows';
import { commentRows } from '../db/comment-rows';
import { normaliseCommentEmail } from '../documents/comment-email';
import { redirects } from '../services';
import { htmlToBlocks, htmlToText, type Block } from './html-to-blocks';
import {
  readWxr,
  type WxrAuthor,
  type WxrCategory,
  type WxrChannel,
  type WxrComment,
  type WxrItem,
} from './wxr-reader';

/*
 * Imports a WordPress export into Kiosque through the CMS's own rules: articles by the bulk article
 * writer (db/article-rows.ts: the rows the Document Service writes, validated by Strapi's validator,
 * the reading time computed as its middleware does; the Document Service itself for a post with a
 * cover, and for every post with `articleWriter: 'document-service'`, the reference the tests compare
 * it with), comments by the comment write path, authors and categories by the Document Service,
 * media by Strapi's upload service, old addresses by the redirects service. The export is read twice:
 * a first pass reads all of it (nothing is written for an export that cannot be read to its end) and
 * notes the authors, categories and attachments; the second imports posts in batches of BATCH_SIZE,
 * one transaction each (a batch that fails is retried post by post, so a bad post fails alone).
 *
 * What was imported is kept in the import records (api::import-record), keyed on the WordPress site
 * and the id there: a post, its comments and its redirects are written in one transaction (its
 * batch's) with their records, so that after an interruption (even SIGKILL) a post is either all
 * there or not at all, and running again creates nothing twice. Media files, authors and categories, which posts
 * share, are units of their own, recorded the same way.
 */

const ARTICLE = 'api::article.article';
const AUTHOR = 'api::author.author';
const CATEGORY = 'api::category.category';
const COMMENT = 'api::comment.comment';
const RECORD = 'api::import-record.import-record';

type RecordKind = 'post' | 'comment' | 'author' | 'category' | 'media';

interface RecordEntry {
  kind: RecordKind;
  sourceId: string;
  target: string;
}

export interface ImportOptions {
  file: string;
  /** The blog's `wp-content/uploads` folder: media are read from there only, never downloaded. */
  mediaDir?: string;
  /** Read and plan everything, write nothing. */
  dryRun?: boolean;
  /**
   * How articles are written: by the bulk writer (db/article-rows.ts, the default) or by the
   * Document Service, the reference the tests compare the bulk writer's rows with.
   */
  articleWriter?: 'bulk' | 'document-service';
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  done: number;
  total: number;
  imported: number;
  skipped: number;
  failed: number;
  /** The post just handled. */
  title: string;
  outcome: 'imported' | 'already imported' | 'failed';
}

export interface ImportReport {
  dryRun: boolean;
  source: string;
  wxrVersion: string;
  posts: { imported: number; alreadyImported: number; failed: number; published: number; drafts: number };
  comments: { imported: number; alreadyImported: number; skipped: Record<string, number> };
  authors: { created: number; matched: number };
  categories: { created: number; matched: number };
  media: { uploaded: number; reused: number; missing: string[] };
  redirects: { created: number; updated: number; unchanged: number };
  /** Items that are not posts to import (pages, attachments, menus, trashed posts), with why. */
  skipped: { line: number; id: string; type: string; title: string; reason: string }[];
  failed: { line: number; id: string; title: string; reason: string }[];
  notes: string[];
  durationMs: number;
  /** CPU time the import took (this process, user and system): on a busy machine, steadier than its duration. */
  cpuMs: number;
}

interface Attachment {
  url: string;
  file: string;
  alt: string;
}

interface Scan {
  channel: WxrChannel;
  authors: Map<string, WxrAuthor>;
  categories: Map<string, WxrCategory>;
  attachments: Map<string, Attachment>;
  posts: number;
}

const POST_STATUSES: Record<string, 'published' | 'draft'> = {
  publish: 'published',
  draft: 'draft',
  pending: 'draft',
  future: 'draft',
  private: 'draft',
};

const COMMENT_STATUSES: Record<string, CommentStatus> = { '1': 'approved', '0': 'pending', spam: 'spam' };

/** What the placeholder e-mail of a comment left without one is: never deliverable (RFC 2606). */
export const NO_EMAIL = 'sans-adresse@import.invalid';

/** A slug Strapi's uid field takes: WordPress's (often percent-encoded) post name, in ASCII. */
export function slugOf(raw: string): string {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // not encoded
  }
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 150);
}

/** WordPress's `YYYY-MM-DD HH:MM:SS` (UTC for the `_gmt` fields) as a Date, when it is one. */
export function wordpressDate(gmt: string, local = ''): Date | undefined {
  for (const value of [gmt, local]) {
    const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
    if (!match || match[1] === '0000') continue;
    const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return undefined;
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max - 1);
  const space = slice.lastIndexOf(' ');
  return `${(space > max * 0.6 ? slice.slice(0, space) : slice).trimEnd()}…`;
}

function firstText(blocks: Block[]): string {
  for (const block of blocks) {
    if (block.type === 'paragraph' || block.type === 'quote' || block.type === 'heading') {
      const text = block.children
        .map((child) => (child.type === 'text' ? child.text : child.children.map((c) => c.text).join('')))
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
      if (text !== '') return text;
    }
  }
  return '';
}

function safeWebsite(url: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.length > 200) return undefined;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

type PostOutcome = 'imported' | 'already imported';

/** How many posts are written in one transaction (see importBatch). */
const BATCH_SIZE = 50;

const titleOf = (item: WxrItem) => item.title.trim() || `#${item.postId}`;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads the whole export once: what a post needs from elsewhere in it, and whether it can be read. */
async function scan(file: string): Promise<Scan> {
  const authors = new Map<string, WxrAuthor>();
  const categories = new Map<string, WxrCategory>();
  const attachments = new Map<string, Attachment>();
  let posts = 0;
  for await (const entry of readWxr(file)) {
    if (entry.kind === 'author') authors.set(entry.author.login, entry.author);
    else if (entry.kind === 'category') categories.set(entry.category.slug, entry.category);
    else if (entry.kind === 'item') {
      const { item } = entry;
      if (item.postType === 'attachment') {
        attachments.set(item.postId, {
          url: item.attachmentUrl,
          file: item.meta._wp_attached_file ?? '',
          alt: item.meta._wp_attachment_image_alt ?? '',
        });
      } else if (item.postType === 'post' && POST_STATUSES[item.status]) posts += 1;
    } else {
      return { channel: entry.channel, authors, categories, attachments, posts };
    }
  }
  throw new Error('The export ended without its channel.');
}

/** The path of an address relative to the blog's root, with its query (`/2024/05/titre/`, `/?p=12`). */
function localPath(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return undefined;
  }
}

export async function importWordPress(strapi: Core.Strapi, options: ImportOptions): Promise<ImportReport> {
  // Every write still empties this instance's response cache; the other instances hear of the
  // import's changes once a second rather than after each of its hundreds of thousands of writes.
  return responseCacheOf(strapi).deferringShares(() => runImport(strapi, options));
}

async function runImport(strapi: Core.Strapi, options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  const dryRun = options.dryRun === true;
  const { channel, authors, categories, attachments, posts: total } = await scan(options.file);
  const source = (channel.baseBlogUrl || channel.baseSiteUrl || channel.link).replace(/\/+$/, '');
  if (source === '') throw new Error('The export does not say which site it comes from (wp:base_site_url).');
  // The blog may live under a path of its site (https://example.org/blog): its addresses start there.
  const blogRoot = (localPath(`${source}/`) ?? '/').replace(/\/+$/, '');
  const mediaDir = options.mediaDir ? await realpath(path.resolve(options.mediaDir)) : undefined;

  const report: ImportReport = {
    dryRun,
    source,
    wxrVersion: channel.wxrVersion,
    posts: { imported: 0, alreadyImported: 0, failed: 0, published: 0, drafts: 0 },
    comments: { imported: 0, alreadyImported: 0, skipped: {} },
    authors: { created: 0, matched: 0 },
    categories: { created: 0, matched: 0 },
    media: { uploaded: 0, reused: 0, missing: [] },
    redirects: { created: 0, updated: 0, unchanged: 0 },
    skipped: [],
    failed: [],
    notes: [],
    durationMs: 0,
    cpuMs: 0,
  };
  const notes = new Set<string>();
  const missing = new Set<string>();
  const skipComment = (reason: string) => {
    report.comments.skipped[reason] = (report.comments.skipped[reason] ?? 0) + 1;
  };

  // ── import records ──────────────────────────────────────────────────────────────────────────
  async function recorded(kind: RecordKind, sourceId: string): Promise<string | undefined> {
    const record = await strapi.db
      .query(RECORD)
      .findOne({ where: { source, kind, sourceId }, select: ['target'] });
    return (record as { target?: string } | null)?.target;
  }
  /** The records of many ids of one kind at once: WordPress id → Kiosque target. */
  async function recordedMany(kind: RecordKind, sourceIds: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let at = 0; at < sourceIds.length; at += 200) {
      const rows = (await strapi.db.query(RECORD).findMany({
        where: { source, kind, sourceId: { $in: sourceIds.slice(at, at + 200) } },
        select: ['sourceId', 'target'],
      })) as { sourceId: string; target: string }[];
      for (const row of rows) found.set(row.sourceId, row.target);
    }
    return found;
  }
  /**
   * Import records are the importer's own bookkeeping, never shown or cached: written with the query
   * engine, many in one statement (a post's and all its comments'), in the caller's transaction.
   */
  async function recordAll(entries: RecordEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const now = new Date();
    await strapi.db.query(RECORD).createMany({
      data: entries.map((entry) => ({
        ...entry,
        source,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      })),
    });
  }
  async function record(kind: RecordKind, sourceId: string, target: string): Promise<void> {
    await recordAll([{ kind, sourceId, target }]);
  }

  // ── authors and categories: matched by slug, then name; created otherwise ──────────────────
  const authorIds = new Map<string, string | undefined>();
  async function authorFor(login: string): Promise<string | undefined> {
    if (login === '') return undefined;
    if (authorIds.has(login)) return authorIds.get(login);
    const known = await recorded('author', login);
    let documentId = known;
    if (!documentId) {
      const wxr = authors.get(login);
      const name = (wxr?.displayName || login).trim().slice(0, 100);
      const slug = slugOf(login) || slugOf(name);
      const match =
        (await strapi.documents(AUTHOR).findFirst({ filters: { slug }, fields: ['name'] })) ??
        (await strapi.documents(AUTHOR).findFirst({ filters: { name }, fields: ['name'] }));
      if (match) report.authors.matched += 1;
      else report.authors.created += 1;
      if (!dryRun) {
        documentId = await strapi.db.transaction(async () => {
          const id =
            match?.documentId ?? (await strapi.documents(AUTHOR).create({ data: { name, slug } })).documentId;
          await record('author', login, id);
          return id;
        });
      } else documentId = match?.documentId ?? `(new author ${name})`;
    }
    authorIds.set(login, documentId);
    return documentId;
  }

  const categoryIds = new Map<string, { documentId: string; slug: string } | undefined>();
  async function categoryFor(slug: string, name: string): Promise<{ documentId: string; slug: string }> {
    const cached = categoryIds.get(slug);
    if (cached) return cached;
    const wxr = categories.get(slug);
    const label = (wxr?.name || name || slug).trim().slice(0, 80);
    const kiosqueSlug = slugOf(slug) || slugOf(label);
    let found: { documentId: string; slug: string } | undefined;
    const known = await recorded('category', slug);
    if (known) {
      const entry = await strapi.documents(CATEGORY).findOne({ documentId: known, fields: ['slug'] });
      if (entry) found = { documentId: known, slug: entry.slug as string };
    }
    if (!found) {
      const match =
        (await strapi.documents(CATEGORY).findFirst({ filters: { slug: kiosqueSlug }, fields: ['slug'] })) ??
        (await strapi.documents(CATEGORY).findFirst({ filters: { name: label }, fields: ['slug'] }));
      if (match) report.categories.matched += 1;
      else report.categories.created += 1;
      if (dryRun) found = { documentId: match?.documentId ?? `(new category ${label})`, slug: kiosqueSlug };
      else {
        found = await strapi.db.transaction(async () => {
          const entry =
            match ??
            (await strapi.documents(CATEGORY).create({
              data: {
                name: label,
                slug: kiosqueSlug,
                description: wxr?.description.slice(0, 300) || undefined,
              },
            }));
          await record('category', slug, entry.documentId);
          // Its WordPress archive (/category/parent/slug/, /?cat=ID) answers with its Kiosque page.
          const to = categoryPath(entry.slug as string);
          const parents = [slug];
          for (
            let parent = wxr?.parentSlug;
            parent && parents.length < 10;
            parent = categories.get(parent)?.parentSlug
          ) {
            parents.unshift(parent);
          }
          await redirect(`${blogRoot}/category/${parents.join('/')}/`, to);
          if (wxr?.termId) await redirect(`${blogRoot}/?cat=${wxr.termId}`, to);
          return { documentId: entry.documentId, slug: entry.slug as string };
        });
      }
    }
    categoryIds.set(slug, found);
    return found;
  }

  // Date archives are shared by every post of a day, month or year: pointed once per run.
  const pointed = new Map<string, string>();
  /** A post's old addresses, in one read and one insert (the date archives pointed before skipped). */
  async function redirectAll(pairs: { from: string; to: string }[]): Promise<void> {
    if (dryRun) return;
    const fresh = pairs.filter(({ from, to }) => pointed.get(from) !== to);
    report.redirects.unchanged += pairs.length - fresh.length;
    const outcomes = await redirects(strapi).pointMany(fresh);
    for (const outcome of ['created', 'updated', 'unchanged'] as const)
      report.redirects[outcome] += outcomes[outcome];
    await strapi.db.transaction(async ({ onCommit }) =>
      onCommit(() => fresh.forEach(({ from, to }) => pointed.set(from, to))),
    );
  }

  async function redirect(from: string, to: string): Promise<void> {
    if (dryRun) return;
    if (pointed.get(from) === to) {
      report.redirects.unchanged += 1;
      return;
    }
    const outcome = await redirects(strapi).point(from, to);
    report.redirects[outcome] += 1;
    // Remembered once it is committed: a post that fails takes its redirects back with it.
    if (!strapi.db.inTransaction()) pointed.set(from, to);
    else await strapi.db.transaction(async ({ onCommit }) => onCommit(() => pointed.set(from, to)));
  }

  // ── media: from the local folder only ──────────────────────────────────────────────────────
  type UploadedFile = Record<string, unknown> & { id: number; url: string };
  const uploaded = new Map<string, UploadedFile | null>();

  /** The file under the media folder an address or attached-file path names, if it is there. */
  async function localFile(relative: string): Promise<string | undefined> {
    if (!mediaDir || relative === '') return undefined;
    const candidates = [relative, relative.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, '$1')];
    for (const candidate of candidates) {
      const resolved = path.resolve(mediaDir, candidate);
      if (!resolved.startsWith(mediaDir + path.sep)) return undefined;
      try {
        const real = await realpath(resolved);
        if (real.startsWith(mediaDir + path.sep) && (await stat(real)).isFile()) return real;
      } catch {
        // not there: try the next
      }
    }
    return undefined;
  }

  /** `2024/05/photo.jpg` from `https://blog.example/wp-content/uploads/2024/05/photo.jpg`. */
  function uploadsPath(url: string): string {
    let pathname = url;
    try {
      pathname = decodeURIComponent(new URL(url, `${source}/`).pathname);
    } catch {
      return '';
    }
    const at = pathname.indexOf('/wp-content/uploads/');
    return at === -1 ? '' : pathname.slice(at + '/wp-content/uploads/'.length);
  }

  const MIME: Record<string, string> = {
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.png': 'image/png',
    '.gif': 'image/gif',
    '.webp': 'image/webp',
    '.avif': 'image/avif',
  };

  async function media(relative: string, alt: string): Promise<UploadedFile | undefined> {
    if (relative === '') return undefined;
    if (uploaded.has(relative)) return uploaded.get(relative) ?? undefined;
    const mime = MIME[path.extname(relative).toLowerCase()];
    const file = mime ? await localFile(relative) : undefined;
    if (!file) {
      missing.add(relative);
      uploaded.set(relative, null);
      return undefined;
    }
    // One upload per file, however posts name it (`photo-640x480.jpg` falls back to `photo.jpg`).
    const stored = path.relative(mediaDir!, file).split(path.sep).join('/');
    const same = [...uploaded.entries()].find(([key, value]) => value && key === stored);
    if (same) {
      uploaded.set(relative, same[1]);
      return same[1] ?? undefined;
    }
    const known = await recorded('media', stored);
    let entry: UploadedFile | undefined;
    if (known) {
      entry = (await strapi.db.query('plugin::upload.file').findOne({ where: { id: Number(known) } })) as
        UploadedFile | undefined;
      if (entry) report.media.reused += 1;
    }
    if (!entry && dryRun) {
      report.media.uploaded += 1;
      entry = { id: 0, url: `/uploads/${path.basename(relative)}` };
    } else if (!entry) {
      const { size } = await stat(file);
      const name = path.basename(relative);
      entry = await strapi.db.transaction(async () => {
        const [created] = (await strapi
          .plugin('upload')
          .service('upload')
          .upload({
            data: { fileInfo: { name, alternativeText: alt || undefined } },
            files: { filepath: file, originalFilename: name, originalFileName: name, mimetype: mime, size },
          })) as UploadedFile[];
        await record('media', stored, String(created.id));
        return created;
      });
      report.media.uploaded += 1;
    }
    uploaded.set(relative, entry ?? null);
    uploaded.set(stored, entry ?? null);
    return entry;
  }

  /** The body's images uploaded (the missing ones left out), in the blocks Strapi stores. */
  async function withMedia(blocks: Block[]): Promise<Block[]> {
    const out: Block[] = [];
    for (const block of blocks) {
      if (block.type !== 'image') {
        out.push(block);
        continue;
      }
      const relative = uploadsPath(block.image.url);
      if (relative === '') {
        notes.add(
          'Images hosted elsewhere than the blog’s wp-content/uploads were left out (never downloaded).',
        );
        missing.add(block.image.url);
        continue;
      }
      const file = await media(relative, block.image.alternativeText);
      if (!file) continue;
      const { id: _id, related: _related, folder: _folder, folderPath: _folderPath, ...image } = file;
      out.push({
        ...block,
        image: { ...(image as unknown as typeof block.image), alternativeText: block.image.alternativeText },
      });
    }
    return out;
  }

  // ── one post and its comments, as one unit ─────────────────────────────────────────────────
  async function uniqueSlug(wanted: string): Promise<string> {
    for (let attempt = 1; attempt < 50; attempt += 1) {
      const slug = attempt === 1 ? wanted : `${wanted}-${attempt}`;
      if (!(await strapi.db.query(ARTICLE).findOne({ where: { slug }, select: ['id'] }))) return slug;
    }
    return `${wanted}-${Date.now()}`;
  }

  interface Placed {
    documentId: string;
    depth: number;
    threadRootId?: string;
    parentDocumentId?: string;
  }

  /** The comments of a post, parents before their replies (WordPress exports them by id). */
  function ordered(comments: WxrComment[]): WxrComment[] {
    const byId = new Map(comments.map((comment) => [comment.id, comment]));
    const out: WxrComment[] = [];
    const seen = new Set<string>();
    const visit = (comment: WxrComment, depth: number) => {
      if (seen.has(comment.id)) return;
      seen.add(comment.id);
      const parent = byId.get(comment.parentId);
      if (parent && depth < 100) visit(parent, depth + 1);
      out.push(comment);
    };
    for (const comment of comments) visit(comment, 0);
    return out;
  }

  /**
   * A post's comments, in its transaction: replies placed under their parents, each row written by
   * the comment write path (db/comment-rows.ts, two prepared statements) with its WordPress date,
   * and their import records added to `records` (written by the caller with the post's, in one
   * statement). On a post imported before, only the comments not recorded yet are written (a later
   * export of the same blog brings new ones).
   */
  async function importComments(
    item: WxrItem,
    article: { documentId: string; rowIds: number[]; known: boolean },
    records: RecordEntry[],
  ): Promise<number> {
    const placed = new Map<string, Placed>();
    const known =
      article.known && !dryRun
        ? await recordedMany(
            'comment',
            item.comments.map((comment) => comment.id),
          )
        : new Map<string, string>();
    if (known.size > 0) {
      const rows = (await strapi.db.query(COMMENT).findMany({
        where: { documentId: { $in: [...known.values()] } },
        select: ['documentId', 'depth', 'threadRootId', 'parentDocumentId'],
      })) as Placed[];
      const byDocument = new Map(rows.map((row) => [row.documentId, row]));
      for (const [commentId, documentId] of known) {
        const row = byDocument.get(documentId);
        if (row) placed.set(commentId, row);
      }
    }
    let created = 0;
    for (const comment of ordered(item.comments)) {
      if (comment.type === 'pingback' || comment.type === 'trackback') {
        skipComment(comment.type);
        continue;
      }
      const status = COMMENT_STATUSES[comment.approved];
      if (!status) {
        skipComment(
          comment.approved === 'trash' || comment.approved === 'post-trashed'
            ? 'trash'
            : `status ${comment.approved}`,
        );
        continue;
      }
      if (known.has(comment.id)) {
        report.comments.alreadyImported += 1;
        continue;
      }
      const content = cut(htmlToText(comment.content), 5000);
      if (content === '') {
        skipComment('empty');
        continue;
      }
      const parent = comment.parentId !== '0' ? placed.get(comment.parentId) : undefined;
      if (comment.parentId !== '0' && comment.parentId !== '' && !parent) {
        notes.add(
          'Replies to a comment that was not imported (trash, pingback) start a thread of their own.',
        );
      }
      // Threads keep their shape up to the site's depth; deeper replies join their parent's level.
      const placement = parent
        ? placementUnder({
            documentId: parent.documentId,
            depth: parent.depth,
            threadRootId: parent.threadRootId ?? null,
            parentDocumentId: parent.parentDocumentId ?? null,
            moderationStatus: 'approved',
          })!
        : { depth: 1, parentDocumentId: undefined, threadRootId: undefined };
      const email = normaliseCommentEmail(comment.email);
      created += 1;
      if (dryRun) {
        placed.set(comment.id, { documentId: `(comment ${comment.id})`, ...placement });
        continue;
      }
      // The checks the content type's validation would make, made here (the row is written as is).
      const stored = await commentRows(strapi).insertImported({
        articleRowIds: article.rowIds,
        authorName: cut(comment.author.trim() || 'Anonyme', 100),
        authorEmail: EMAIL.test(email) && email.length <= 100 ? email : NO_EMAIL,
        authorWebsite: safeWebsite(comment.url),
        content,
        moderationStatus: status,
        depth: placement.depth,
        parentDocumentId: placement.parentDocumentId,
        threadRootId: placement.threadRootId,
        createdAt: wordpressDate(comment.dateGmt, comment.date) ?? new Date(),
      });
      records.push({ kind: 'comment', sourceId: comment.id, target: stored.documentId });
      placed.set(comment.id, { documentId: stored.documentId, ...placement });
    }
    report.comments.imported += created;
    return created;
  }

  interface PreparedPost {
    item: WxrItem;
    status: 'published' | 'draft';
    /** The article a run before made of it. */
    known?: string;
    data?: Record<string, unknown>;
  }

  /**
   * What a post's article will hold, made outside its batch's transaction: media, authors and
   * categories are shared units of their own, committed by themselves.
   */
  async function preparePost(item: WxrItem, known: string | undefined): Promise<PreparedPost> {
    const status = POST_STATUSES[item.status]!;
    let prepared: { data: Record<string, unknown> } | undefined;
    if (!known) {
      const conversion = htmlToBlocks(item.content);
      const blocks = await withMedia(conversion.blocks);
      const thumbnail = attachments.get(item.meta._thumbnail_id ?? '');
      const cover = thumbnail
        ? await media(thumbnail.file || uploadsPath(thumbnail.url), thumbnail.alt)
        : undefined;
      const wpCategories = item.categories.filter(
        (entry) => entry.domain === 'category' && entry.slug !== '',
      );
      const chosen =
        wpCategories.find((entry) => entry.slug !== 'uncategorized' && entry.slug !== 'non-classe') ??
        wpCategories[0];
      if (wpCategories.length > 1)
        notes.add('Kiosque articles have one category: posts in several kept their first.');
      if (item.categories.some((entry) => entry.domain === 'post_tag')) {
        notes.add('Tags were not imported: Kiosque articles have no tags.');
      }
      const category = chosen ? await categoryFor(chosen.slug, chosen.name) : undefined;
      const author = await authorFor(item.creator);
      const title = cut(item.title.trim() || 'Sans titre', 200);
      const excerpt = cut(htmlToText(item.excerpt) || firstText(blocks) || title, 500);
      const body: Block[] =
        blocks.length > 0 ? blocks : [{ type: 'paragraph', children: [{ type: 'text', text: excerpt }] }];
      if (item.status === 'future') notes.add('Scheduled posts were imported as drafts.');
      if (item.status === 'private') notes.add('Private posts were imported as drafts.');
      prepared = {
        data: {
          title,
          slug: slugOf(item.postName) || slugOf(item.title) || `article-${item.postId}`,
          excerpt,
          body,
          author,
          category: category?.documentId,
          cover: cover?.id,
          commentsClosed: false,
        },
      };
    }
    return { item, status, known, data: prepared?.data };
  }

  /** A prepared post and its comments written, in the caller's transaction (none in a dry run). */
  async function writePost({ item, status, known, data: prepared }: PreparedPost): Promise<PostOutcome> {
    if (dryRun) {
      if (known) report.posts.alreadyImported += 1;
      else report.posts.imported += 1;
      await importComments(
        item,
        { documentId: known ?? '(new)', rowIds: [], known: known !== undefined },
        [],
      );
      return known ? 'already imported' : 'imported';
    }

    return strapi.db.transaction(async () => {
      const records: RecordEntry[] = [];
      let documentId = known;
      let rowIds: number[] | undefined;
      if (!documentId && prepared) {
        const data: Record<string, unknown> & { slug: string } = {
          ...prepared,
          slug: await uniqueSlug(prepared.slug as string),
        };
        const date = wordpressDate(item.dateGmt, item.date);
        const modified = wordpressDate(item.modifiedGmt) ?? date;
        // A cover is a polymorphic link the bulk writer does not write: the Document Service does.
        const bulk = options.articleWriter !== 'document-service' && data.cover === undefined;
        if (bulk) {
          const written = await articleWriter.insert({
            title: data.title as string,
            slug: data.slug,
            excerpt: data.excerpt as string,
            body: data.body as Block[],
            commentsClosed: data.commentsClosed as boolean,
            author: data.author as string | undefined,
            category: data.category as string | undefined,
            status,
            createdAt: date,
            updatedAt: modified,
            publishedAt: date,
          });
          documentId = written.documentId;
          rowIds = written.rowIds;
          bulkWritten.push(documentId);
        } else {
          const entry = await strapi.documents(ARTICLE).create({
            data: data as never,
            ...(status === 'published' ? { status: 'published' as const } : {}),
          });
          documentId = entry.documentId;
        }
        if (date && !bulk) {
          await strapi.db.query(ARTICLE).updateMany({
            where: { documentId },
            data: { createdAt: date, updatedAt: modified },
          });
          if (status === 'published') {
            await strapi.db.query(ARTICLE).updateMany({
              where: { documentId, publishedAt: { $notNull: true } },
              data: { publishedAt: date },
            });
          }
        }
        records.push({ kind: 'post', sourceId: item.postId, target: documentId });
        if (status === 'published') {
          const to = articlePath(data.slug);
          const permalink = localPath(item.link);
          const olds = [
            ...(permalink ? [{ from: permalink, to }] : []),
            { from: `${blogRoot}/?p=${item.postId}`, to },
          ];
          if (date) {
            const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()].map(
              (n) => String(n).padStart(2, '0'),
            );
            // Date archives list many posts; Kiosque has none, its home page lists the newest.
            for (const archive of [`/${year}/`, `/${year}/${month}/`, `/${year}/${month}/${day}/`]) {
              olds.push({ from: `${blogRoot}${archive}`, to: '/' });
            }
          }
          await redirectAll(olds);
        }
        if (status === 'published') report.posts.published += 1;
        else report.posts.drafts += 1;
      }
      // Comments link to every row of their article (draft and published), as the relation does.
      rowIds ??= (
        (await strapi.db.query(ARTICLE).findMany({ where: { documentId }, select: ['id'] })) as {
          id: number;
        }[]
      ).map((row) => row.id);
      await importComments(item, { documentId: documentId!, rowIds, known: known !== undefined }, records);
      await recordAll(records);
      if (known) report.posts.alreadyImported += 1;
      else report.posts.imported += 1;
      return known ? ('already imported' as const) : ('imported' as const);
    });
  }

  // ── the second pass ────────────────────────────────────────────────────────────────────────
  type Counts = Pick<ImportReport, 'posts' | 'comments' | 'redirects'>;
  /** What a write adds to the report, kept to be put back when its transaction rolls back. */
  const counts = (): Counts =>
    structuredClone({ posts: report.posts, comments: report.comments, redirects: report.redirects });
  const restore = (saved: Counts) => Object.assign(report, structuredClone(saved));

  function failure(
    item: WxrItem,
    error: unknown,
  ): { line: number; id: string; title: string; reason: string } {
    const details = (error as { details?: { errors?: { path?: string[]; message?: string }[] } }).details;
    const reason =
      details?.errors
        ?.map((problem) => `${problem.path?.join('.') ?? ''}: ${problem.message ?? ''}`)
        .join('; ') || (error instanceof Error ? error.message : String(error));
    return { line: item.line, id: item.postId, title: titleOf(item), reason };
  }

  let done = 0;
  function progress(item: WxrItem, outcome: ImportProgress['outcome']): void {
    done += 1;
    options.onProgress?.({
      done,
      total,
      imported: report.posts.imported,
      skipped: report.posts.alreadyImported,
      failed: report.posts.failed,
      title: titleOf(item),
      outcome,
    });
  }
  function failed(item: WxrItem, error: unknown): void {
    report.posts.failed += 1;
    report.failed.push(failure(item, error));
    progress(item, 'failed');
  }

  const articleWriter = createArticleWriter(strapi);
  /** The articles the bulk writer wrote in the transaction under way, told to the caches at its end. */
  let bulkWritten: string[] = [];
  /**
   * What the Document Service's middleware does after each article it writes (cache/invalidation.ts),
   * done once for the transaction's articles: this instance's cache emptied at once and everywhere
   * after the commit, and the purge hook, when one is set, told what they show on.
   */
  async function announceBulkWrites(): Promise<void> {
    const written = bulkWritten;
    bulkWritten = [];
    if (written.length === 0) return;
    await invalidateAfterCommit(strapi, responseCacheOf(strapi), () => {
      const hook = purgeHookOf(strapi);
      if (!hook.enabled) return;
      for (const documentId of written) hook.scheduleWhen(purgeOf(strapi, ARTICLE, documentId, undefined));
    });
  }
  /** A transaction of writes, the caches told at its end; nothing of a rolled-back one is told. */
  function writing<T>(work: () => Promise<T>): Promise<T> {
    bulkWritten = [];
    return strapi.db.transaction(async () => {
      const result = await work();
      await announceBulkWrites();
      return result;
    }) as Promise<T>;
  }

  /** One post alone in its transaction: how a batch that failed is retried, so a bad post fails alone. */
  async function importAlone(post: PreparedPost): Promise<void> {
    const saved = counts();
    try {
      const outcome = dryRun ? await writePost(post) : await writing(() => writePost(post));
      progress(post.item, outcome);
    } catch (error) {
      restore(saved);
      failed(post.item, error);
    }
  }

  /**
   * A batch of posts in one transaction: a commit, the cache and purge hooks' work per batch rather
   * than per post. Still all or nothing per post: a batch that fails is rolled back and its posts are
   * written again one by one, so that only the bad one fails.
   */
  async function importBatch(items: WxrItem[]): Promise<void> {
    if (items.length === 0) return;
    const known = await recordedMany(
      'post',
      items.map((item) => item.postId),
    );
    const posts: PreparedPost[] = [];
    for (const item of items) {
      try {
        posts.push(await preparePost(item, known.get(item.postId)));
      } catch (error) {
        failed(item, error);
      }
    }
    if (dryRun || posts.length === 1) {
      for (const post of posts) await importAlone(post);
      return;
    }
    const saved = counts();
    let outcomes: PostOutcome[];
    try {
      outcomes = await writing(async () => {
        const written: PostOutcome[] = [];
        for (const post of posts) written.push(await writePost(post));
        return written;
      });
    } catch {
      restore(saved);
      for (const post of posts) await importAlone(post);
      return;
    }
    posts.forEach((post, index) => progress(post.item, outcomes[index]!));
  }

  const batch: WxrItem[] = [];
  for await (const entry of readWxr(options.file)) {
    if (entry.kind !== 'item') continue;
    const { item } = entry;
    const title = titleOf(item);
    if (item.postType !== 'post') {
      if (item.postType !== 'attachment' || !options.mediaDir) {
        report.skipped.push({
          line: item.line,
          id: item.postId,
          type: item.postType,
          title,
          reason:
            item.postType === 'page'
              ? 'a page: Kiosque has articles only'
              : item.postType === 'attachment'
                ? 'a media file: imported with the posts that show it'
                : `a « ${item.postType} », not a post`,
        });
      }
      continue;
    }
    if (!POST_STATUSES[item.status]) {
      report.skipped.push({
        line: item.line,
        id: item.postId,
        type: 'post',
        title,
        reason: `status « ${item.status} »`,
      });
      continue;
    }
    batch.push(item);
    if (batch.length >= BATCH_SIZE) await importBatch(batch.splice(0));
  }
  await importBatch(batch.splice(0));

  report.media.missing = [...missing].sort();
  report.notes = [...notes];
  report.durationMs = Date.now() - started;
  const cpu = process.cpuUsage(cpuAtStart);
  report.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  return report;
}
