import { createHash, randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { KiosqueConfig } from '../../config/kiosque';
import { onePerStrapi } from '../utils/one-per-strapi';
import { ContentVersion, contentVersionOf } from './content-version';

/** One stored answer: the exact bytes and headers Strapi produced the first time. */
export interface CachedResponse {
  status: number;
  body: Buffer;
  etag: string;
  headers: Record<string, string | string[]>;
  /** When it was stored (ms since the epoch); an entry older than `maxAgeMs` is computed again. */
  storedAt?: number;
}

export interface ResponseCacheOptions {
  maxEntries: number;
  maxBytes: number;
  /** How often the shared generation is read from the database; 0 turns the check off. */
  syncIntervalMs: number;
  /**
   * How long an answer is kept at most, even when nothing was written: `commentsOpen` changes with
   * time alone once an article is older than the comment settings' `autoCloseAfterDays`. 0: no limit.
   */
  maxAgeMs: number;
}

const STORE_KEY = { type: 'core', name: 'response-cache', key: 'generation' } as const;

/** While sharing is deferred (a bulk import), other instances hear of changes at most this often. */
const DEFERRED_SHARE_MS = 1000;

/**
 * The public API's answers, kept in memory and dropped as a whole whenever content readers can see
 * changes. Every change bumps the content version at once (so an answer computed from the old content
 * is never stored) and writes a new token to the database, which other instances read every
 * `syncIntervalMs` and turn into a bump of their own content version: their staleness is bounded by
 * that interval.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;
  private evicted = 0;
  private sharedToken: string | undefined;
  // Alone (no sync), a restart must not look like the content of before: it may have changed while
  // this instance was down.
  private readonly initialToken: string;
  private timer: NodeJS.Timeout | undefined;
  /** Tokens of this instance being written to the database. */
  private writing = 0;
  private deferring = 0;
  private unshared = false;
  private lastShared = 0;

  constructor(
    private readonly strapi: Core.Strapi,
    readonly options: ResponseCacheOptions,
    private readonly content: ContentVersion = new ContentVersion(),
  ) {
    content.onChange(() => {
      this.entries.clear();
      this.bytes = 0;
    });
    this.initialToken = options.syncIntervalMs > 0 ? 'initial' : `boot-${randomUUID()}`;
  }

  /**
   * What the page server keys its rendered pages by (`GET /_content-version`): a string that changes
   * once a change is committed, the same on every instance within `syncIntervalMs` (the shared
   * token), unlike `generation`, which each instance counts for itself.
   */
  get token(): string {
    return this.sharedToken ?? this.initialToken;
  }

  /** The content version answers are computed at; an answer computed at an older one is not kept. */
  get generation(): number {
    return this.content.version;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now = Date.now()): CachedResponse | undefined {
    const found = this.lookup(key, now);
    return found && !found.expired ? found.entry : undefined;
  }

  /**
   * The answer kept for `key`, and whether it is older than `maxAgeMs`. An expired answer is still
   * right as of the last write (any write empties the cache): it may be served while one request
   * computes it again.
   */
  lookup(key: string, now = Date.now()): { entry: CachedResponse; expired: boolean } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last (a Map iterates in insertion order): eviction starts with the entry
    // read longest ago, so a flood of one-off addresses cannot push out the article everyone reads.
    this.entries.delete(key);
    this.entries.set(key, entry);
    const expired = this.options.maxAgeMs > 0 && now - (entry.storedAt ?? now) >= this.options.maxAgeMs;
    return { entry, expired };
  }

  /** Stores an answer unless the content changed while it was being computed. */
  set(key: string, entry: CachedResponse, generationAtStart: number): void {
    if (generationAtStart !== this.content.version) return;
    const size = sizeOf(key, entry);
    if (size > this.options.maxBytes / 16) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.bytes -= sizeOf(key, previous);
      this.entries.delete(key);
    }
    this.entries.set(key, { ...entry, storedAt: entry.storedAt ?? Date.now() });
    this.bytes += size;
    // Least recently used first: lookups move what they find to the end.
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= sizeOf(oldKey, oldEntry);
      this.evicted += 1;
    }
  }

  /**
   * Answers pushed out to stay within `maxEntries` and `maxBytes` since the start (emptying on a
   * content change is not counted: the generation says how often that happens).
   */
  get evictions(): number {
    return this.evicted;
  }

  /** The bytes kept, keys and headers included: what RESPONSE_CACHE_MAX_MB bounds. */
  get byteSize(): number {
    return this.bytes;
  }

  /** Forgets everything on this instance, including answers being computed right now. */
  invalidateLocally(): void {
    this.content.bump();
  }

  /** Forgets everything here, and tells the other instances through the database. */
  async invalidate(): Promise<void> {
    this.invalidateLocally();
    if (this.deferring > 0 && Date.now() - this.lastShared < DEFERRED_SHARE_MS) {
      this.unshared = true;
      return;
    }
    await this.share();
  }

  /**
   * Runs `work` (thousands of writes: an import) telling the other instances of its changes at most
   * once a second instead of once per write, each of which is a database write of its own; this
   * instance still forgets everything at each write. Once `work` ends, the last change is shared.
   */
  async deferringShares<T>(work: () => Promise<T>): Promise<T> {
    this.deferring += 1;
    try {
      return await work();
    } finally {
      this.deferring -= 1;
      if (this.deferring === 0 && this.unshared) await this.share();
    }
  }

  private async share(): Promise<void> {
    this.unshared = false;
    this.lastShared = Date.now();
    const token = randomUUID();
    this.sharedToken = token;
    if (this.options.syncIntervalMs <= 0) return;
    this.writing += 1;
    try {
      await this.strapi.store.set({ ...STORE_KEY, value: token });
    } catch (error) {
      this.strapi.log.warn(`Response cache: could not share the invalidation (${String(error)}).`);
    } finally {
      this.writing -= 1;
    }
  }

  /** Reads the shared token once; a token another instance wrote empties this cache. */
  async syncWithDatabase(): Promise<void> {
    const known = this.sharedToken;
    const token = (await this.strapi.store.get({ ...STORE_KEY })) as string | null | undefined;
    // This instance wrote a token meanwhile (or is writing it): what was read may be the one before,
    // which must not pass for another instance's change (nor move the token back).
    if (this.writing > 0 || this.sharedToken !== known) return;
    const current = token ?? undefined;
    if (current === this.sharedToken) return;
    this.sharedToken = current;
    this.invalidateLocally();
  }

  startSync(): void {
    if (this.options.syncIntervalMs <= 0 || this.timer) return;
    let running = false;
    this.timer = setInterval(() => {
      if (running) return;
      running = true;
      this.syncWithDatabase()
        .catch((error: unknown) => {
          // Without the check, this instance cannot know about other instances' changes: empty it.
          this.invalidateLocally();
          this.strapi.log.debug(`Response cache: generation check failed (${String(error)}).`);
        })
        .finally(() => {
          running = false;
        });
    }, this.options.syncIntervalMs);
    this.timer.unref();
  }

  stopSync(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/**
 * What an entry costs in memory: the address it is kept under counts as much as the body (a visitor
 * choosing long random addresses must not fill the memory with keys), and so do its headers.
 */
function sizeOf(key: string, entry: CachedResponse): number {
  let size = Buffer.byteLength(key) + entry.body.length + entry.etag.length;
  for (const [name, value] of Object.entries(entry.headers)) {
    size += name.length + (Array.isArray(value) ? value.join('').length : value.length);
  }
  return size;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

export function responseCacheConfig(strapi: Core.Strapi): KiosqueConfig['responseCache'] {
  return strapi.config.get<KiosqueConfig['responseCache']>('kiosque.responseCache');
}

/** The one response cache of this Strapi instance, emptied whenever its content version moves. */
export const responseCacheOf = onePerStrapi('kiosque.responseCaches', (strapi) => {
  const { maxEntries, maxBytes, syncIntervalMs, maxAgeMs } = responseCacheConfig(strapi);
  return new ResponseCache(
    strapi,
    { maxEntries, maxBytes, syncIntervalMs, maxAgeMs },
    contentVersionOf(strapi),
  );
});
