import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { contentPageOf, pageNumberFrom } from '@kiosque/shared';

/** The encodings a kept page is held in, compressed once when it is rendered. */
export type Encoding = 'br' | 'gzip' | 'identity';

/** One rendered page as the page server answers it, in every encoding, with its headers ready. */
export interface KeptPage {
  status: number;
  etag: string;
  bodies: Record<Encoding, Buffer>;
  /** The whole header set of each encoding's answer, built once (writeHead takes it as it is). */
  headers: Record<Encoding, Record<string, string | number>>;
  /** The CMS content version the page was rendered at; a page of another version is never answered. */
  version: string;
  storedAt: number;
  bytes: number;
  /** The article a kept article page shows, whose view each answer counts (RenderedPage.viewed). */
  viewed?: string;
}

export interface PageCacheOptions {
  /** Memory for kept pages, all encodings and keys counted (PAGE_CACHE_MAX_MB, 64 MB). */
  maxBytes: number;
  /**
   * The longest a page is kept even when the content version does not move: an article's comments
   * close with time alone (autoCloseAfterDays) and dates read « il y a 3 heures » (PAGE_CACHE_MAX_AGE_S, 60 s).
   */
  maxAgeMs: number;
}

// What every kept page is compressed with, once per change: brotli 9 is most of quality 11's gain
// at a fraction of its time (docs/performance.md has the figures), gzip 9 for the rest.
const BROTLI_QUALITY = 9;
const GZIP_LEVEL = 9;
const MAX_PATH_LENGTH = 512;
const MAX_KEPT_PAGE_NUMBER = 100;

/**
 * The one address a request's answer is kept under, or undefined when it is not kept at all. The
 * page server renders that address, not the request's: what is not in the key (an unknown parameter,
 * `utm_source`, `?page=02`, a repeated `page`) then cannot change the answer either, and a crowd of
 * hostile variants of one page all share one entry. Kept: home and category pages (`page`, the one
 * parameter they read, as the page reads it, up to page 100) and articles (no parameter). Never kept: search (every
 * reader's words would be an entry), previews, 404s, and any path not written the one way the site
 * links it (`%61`, a trailing slash, `//`), which are rendered as asked but not kept.
 */
export function pageCacheKey(pathname: string, search: URLSearchParams): string | undefined {
  if (pathname.length > MAX_PATH_LENGTH || !isCanonicalPath(pathname)) return undefined;
  const page = pathname === '/' ? 'home' : contentPageOf(pathname)?.page;
  if (page === 'article') return pathname;
  if (page !== 'home' && page !== 'category') return undefined;
  const pageNumber = pageNumberFrom(search.getAll('page')[0]);
  // Far pages are rendered, not kept: a flood of page numbers (up to six digits, mostly empty pages)
  // cannot fill the memory with entries nobody else reads.
  if (pageNumber > MAX_KEPT_PAGE_NUMBER) return undefined;
  return pageNumber > 1 ? `${pathname}?page=${pageNumber}` : pathname;
}

function isCanonicalPath(pathname: string): boolean {
  if (pathname === '/') return true;
  if (!pathname.startsWith('/') || pathname.endsWith('/') || pathname.includes('//')) return false;
  return pathname
    .slice(1)
    .split('/')
    .every((segment) => {
      try {
        return encodeURIComponent(decodeURIComponent(segment)) === segment;
      } catch {
        return false;
      }
    });
}

/** A page's three bodies and headers, compressed once: what every later reader is sent as it is. */
export function keepPage(
  html: Buffer,
  status: number,
  headers: Record<string, string>,
  version: string,
): KeptPage {
  const etag = `"${createHash('sha1').update(html).digest('base64url')}"`;
  const bodies: Record<Encoding, Buffer> = {
    identity: html,
    br: brotliCompressSync(html, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_SIZE_HINT]: html.length,
      },
    }),
    gzip: gzipSync(html, { level: GZIP_LEVEL }),
  };
  const headerSet = (encoding: Encoding) => ({
    ...headers,
    ETag: etag,
    Vary: 'Accept-Encoding',
    ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
    'Content-Length': bodies[encoding].length,
  });
  let bytes = 0;
  for (const body of Object.values(bodies)) bytes += body.length;
  for (const value of Object.values(headers)) bytes += 3 * (value.length + 32);
  return {
    status,
    etag,
    bodies,
    headers: { identity: headerSet('identity'), br: headerSet('br'), gzip: headerSet('gzip') },
    version,
    storedAt: Date.now(),
    bytes,
  };
}

/** The encoding to answer in, as a browser's `Accept-Encoding` asks (`q=0` refuses one). */
export function chooseEncoding(accepted: string | undefined): Encoding {
  if (accepted === undefined || accepted === '') return 'identity';
  let best: Encoding = 'identity';
  for (const part of accepted.split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (name !== 'br' && name !== 'gzip') continue;
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    if (name === 'br') return 'br';
    best = 'gzip';
  }
  return best;
}

/**
 * Rendered pages kept in memory, least recently used out first, bounded by bytes (every encoding and
 * key counted), each valid only at the content version it was rendered at.
 */
export class PageCache {
  private readonly entries = new Map<string, KeptPage>();
  private bytes = 0;
  private evicted = 0;

  constructor(private readonly options: PageCacheOptions) {}

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  get evictions(): number {
    return this.evicted;
  }

  /** The page kept for `key` at `version`, fresh enough; anything else is dropped. */
  get(key: string, version: string, now = Date.now()): KeptPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version || now - entry.storedAt >= this.options.maxAgeMs) {
      this.delete(key, entry);
      return undefined;
    }
    // Most recently used last: a flood of other pages pushes out what nobody reads any more first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: KeptPage): void {
    const size = entry.bytes + 2 * key.length;
    // One page may not take more than a sixteenth of the room.
    if (size > this.options.maxBytes / 16) return;
    const previous = this.entries.get(key);
    if (previous) this.delete(key, previous);
    this.entries.set(key, { ...entry, bytes: size });
    this.bytes += size;
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.delete(oldKey, oldEntry);
      this.evicted += 1;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string, entry: KeptPage): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
