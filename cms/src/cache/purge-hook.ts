import type { Core } from '@strapi/strapi';
import { PURGE_REQUEST_HEADER, SITE_CACHE_TAG, articlePath, cacheTags, categoryPath } from '@kiosque/shared';
import type { KiosqueConfig } from '../../config/kiosque';
import { metricsOf } from '../observability/metrics';
import { onePerStrapi } from '../utils/one-per-strapi';

export type PurgeHookConfig = KiosqueConfig['purgeHook'];

/** What a change makes old in a shared cache: the tags its answers carry and the site paths that show it. */
export interface Purge {
  tags: Set<string>;
  paths: Set<string>;
}

const RETRY_DELAYS_MS = [250, 1000, 4000, 16_000];

/** The encodings the page server answers in, each kept apart by a shared cache. */
const REFRESH_ENCODINGS = ['br', 'gzip', 'identity'];

/** One HTTP request of a purge. */
interface PurgeRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
}

const emptyPurge = (): Purge => ({ tags: new Set(), paths: new Set() });

/**
 * Tells the shared caches in front (a CDN, nginx) what a change made old, after the change is
 * committed and never in the editor's way: writes are gathered for a moment and sent as one purge,
 * each URL retried on failure, and the whole purge sent again after `repeatAfterMs`, by when every
 * CMS instance (RESPONSE_CACHE_SYNC_MS) and the page server (its one-second version check) answer the
 * new content: a shared cache that refetched a page in between cannot keep the old one.
 */
export class PurgeHook {
  private pending = emptyPurge();
  private flushing: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();
  /** Requests sent, retried and given up since the start (also counted for Prometheus). */
  readonly counts = { sent: 0, retried: 0, failed: 0 };

  constructor(
    private readonly config: PurgeHookConfig,
    private readonly report: {
      log: (message: string) => void;
      count: (outcome: 'sent' | 'retried' | 'failed') => void;
    },
  ) {}

  get enabled(): boolean {
    return this.config.urls.length > 0;
  }

  /** Adds what a committed change made old to the next purge, sent a moment later. */
  schedule(purge: Purge): void {
    if (!this.enabled || (purge.tags.size === 0 && purge.paths.size === 0)) return;
    for (const tag of purge.tags) this.pending.tags.add(tag);
    for (const path of purge.paths) this.pending.paths.add(path);
    this.flushing ??= setTimeout(() => this.flush(), this.config.gatherMs);
  }

  /** Schedules what `purge` resolves to (read after a commit), counted as under way until then. */
  scheduleWhen(purge: Promise<Purge | undefined>): void {
    if (!this.enabled) return;
    this.track(
      purge.then(
        (found) => {
          if (found) this.schedule(found);
        },
        (error: unknown) => this.report.log(`Purge hook: could not read what changed (${String(error)}).`),
      ),
    );
  }

  /** Resolves once every purge under way (repeats included) is done: tests and shutdown. */
  async settled(): Promise<void> {
    while (this.running.size > 0 || this.flushing) {
      await Promise.all([...this.running, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
  }

  private flush(): void {
    this.flushing = undefined;
    const purge = this.pending;
    this.pending = emptyPurge();
    this.track(this.sendAll(purge));
    if (this.config.repeatAfterMs > 0) {
      const again = new Promise<void>((resolve) => {
        setTimeout(() => resolve(this.sendAll(purge)), this.config.repeatAfterMs).unref();
      });
      this.track(again);
    }
  }

  private count(outcome: 'sent' | 'retried' | 'failed'): void {
    this.counts[outcome] += 1;
    this.report.count(outcome);
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async sendAll(purge: Purge): Promise<void> {
    await Promise.all(this.requestsFor(purge).map((request) => this.send(request)));
  }

  /** The requests one purge makes, as the operator's cache expects them (PURGE_HOOK_MODE). */
  private requestsFor(purge: Purge): PurgeRequest[] {
    const tags = [...purge.tags];
    const paths = [...purge.paths];
    const { mode, urls } = this.config;
    if (mode === 'post') {
      const body = JSON.stringify({ tags, paths });
      return urls.map((url) => ({
        url,
        init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body },
      }));
    }
    // `purge` (Varnish, Fastly-style): one PURGE per path, the tags in Surrogate-Key / Cache-Tag;
    // `refresh` (nginx's proxy_cache_bypass): one GET per path that replaces the entry kept.
    if (mode === 'purge') {
      const init = {
        method: 'PURGE',
        headers: { 'Surrogate-Key': tags.join(' '), 'Cache-Tag': tags.join(',') },
      };
      return urls.flatMap((url) => paths.map((path) => ({ url: `${url.replace(/\/+$/, '')}${path}`, init })));
    }
    // One refresh per encoding a shared cache keeps apart (deploy/page-cache.conf keys by it).
    return urls.flatMap((url) =>
      paths.flatMap((path) =>
        REFRESH_ENCODINGS.map((encoding) => ({
          url: `${url.replace(/\/+$/, '')}${path}`,
          init: { method: 'GET', headers: { [PURGE_REQUEST_HEADER]: '1', 'Accept-Encoding': encoding } },
        })),
      ),
    );
  }

  private async send({ url, init }: PurgeRequest): Promise<void> {
    const target = new URL(url);
    const where = `${init.method} ${target.origin}${target.pathname}`;
    for (let attempt = 0; ; attempt += 1) {
      let problem: string;
      try {
        const answer = await fetch(url, { ...init, signal: AbortSignal.timeout(this.config.timeoutMs) });
        await answer.arrayBuffer();
        // A 404 is a purge of what the cache did not hold: done. A 5xx or 429 may pass.
        if (answer.status < 500 && answer.status !== 429) {
          if (answer.status >= 400 && answer.status !== 404) {
            this.count('failed');
            this.report.log(`Purge hook: ${where} answered ${answer.status}; not retried.`);
            return;
          }
          this.count('sent');
          return;
        }
        problem = `answered ${answer.status}`;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (attempt >= this.config.attempts - 1) {
        this.count('failed');
        this.report.log(`Purge hook: ${where} failed ${attempt + 1} times (${problem}); giving up.`);
        return;
      }
      this.count('retried');
      await new Promise((resolve) =>
        setTimeout(resolve, RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]),
      );
    }
  }
}

/** The purge hook of this Strapi instance (PURGE_HOOK_URLS; does nothing without). */
export const purgeHookOf = onePerStrapi(
  'kiosque.purgeHooks',
  (strapi) =>
    new PurgeHook(strapi.config.get<PurgeHookConfig>('kiosque.purgeHook'), {
      log: (message) => strapi.log.warn(message),
      count: (outcome) => metricsOf(strapi).purgeHook.inc({ outcome }),
    }),
);

type Read = { slug?: unknown; category?: { slug?: unknown } | null; article?: Read | null } | null;

/** The article and category pages a published article shows on, and home, which lists it. */
function addArticle(purge: Purge, article: Read): void {
  if (!article || typeof article.slug !== 'string') return;
  purge.tags.add(cacheTags.article(article.slug));
  purge.paths.add(articlePath(article.slug));
  purge.tags.add(cacheTags.home);
  purge.paths.add('/');
  const category = article.category?.slug;
  if (typeof category === 'string') {
    purge.tags.add(cacheTags.category(category));
    purge.paths.add(categoryPath(category));
  }
}

const ARTICLE_FIELDS = { fields: ['slug' as const], populate: { category: { fields: ['slug' as const] } } };

/**
 * What a write to `uid` shows on, read before the write (an unpublished or deleted article's pages)
 * and again after it (an edit's new slug or category). Only published content is read: a draft is
 * on no page any cache holds.
 */
export async function purgeOf(
  strapi: Core.Strapi,
  uid: string,
  documentId: string | undefined,
  data: Record<string, unknown> | undefined,
): Promise<Purge> {
  const purge = emptyPurge();
  if (uid === 'api::article.article') {
    if (documentId === undefined) return purge;
    const article = (await strapi
      .documents('api::article.article')
      .findOne({ documentId, status: 'published', ...ARTICLE_FIELDS })) as Read;
    addArticle(purge, article);
    return purge;
  }
  if (uid === 'api::comment.comment') {
    let articleId: unknown = data?.article;
    if (documentId !== undefined) {
      const comment = (await strapi.documents('api::comment.comment').findOne({
        documentId,
        fields: ['documentId'],
        populate: { article: { fields: ['documentId'] } },
      })) as { article?: { documentId?: string } | null } | null;
      articleId = comment?.article?.documentId ?? articleId;
    }
    if (typeof articleId === 'object' && articleId !== null) {
      articleId = (articleId as { documentId?: unknown; connect?: unknown }).documentId;
    }
    if (typeof articleId !== 'string') return purge;
    const article = (await strapi
      .documents('api::article.article')
      .findOne({ documentId: articleId, status: 'published', ...ARTICLE_FIELDS })) as Read;
    // A comment shows under its article only (the cards show no comment count).
    if (article && typeof article.slug === 'string') {
      purge.tags.add(cacheTags.article(article.slug));
      purge.paths.add(articlePath(article.slug));
    }
    return purge;
  }
  // A category's name, an author's bio, a group, the comment settings, a redirect: shown on pages
  // no tag names one by one. The whole site's tag, and the home page's path for a refresh.
  purge.tags.add(SITE_CACHE_TAG);
  purge.tags.add(cacheTags.home);
  purge.paths.add('/');
  if (uid === 'api::category.category' && documentId !== undefined) {
    const category = (await strapi
      .documents('api::category.category')
      .findOne({ documentId, status: 'published', fields: ['slug'] })) as { slug?: unknown } | null;
    if (typeof category?.slug === 'string') {
      purge.tags.add(cacheTags.category(category.slug));
      purge.paths.add(categoryPath(category.slug));
    }
  }
  return purge;
}

/** One purge of both: what a change showed before it and what it shows after. */
export function mergePurges(...purges: Purge[]): Purge {
  const merged = emptyPurge();
  for (const purge of purges) {
    for (const tag of purge.tags) merged.tags.add(tag);
    for (const path of purge.paths) merged.paths.add(path);
  }
  return merged;
}
