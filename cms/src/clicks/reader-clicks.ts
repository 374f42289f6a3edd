import { isbot } from 'isbot';

type Headers = Record<string, string | string[] | undefined>;

/** Headers a browser sets on a load the reader did not ask for (Chrome, Firefox, Safari's previews). */
export const SPECULATIVE_LOAD_HEADERS = ['sec-purpose', 'purpose', 'x-purpose', 'x-moz'];
const SPECULATIVE_LOAD = /prefetch|prerender|preview/i;

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/**
 * Whether a request to an invitation is a reader joining, as far as one can tell: a GET (a HEAD is a
 * link checker), from a browser (not a crawler or a messaging app building a link preview, according
 * to the `isbot` list; no browser sends an empty User-Agent), and not a prefetch or prerender.
 */
export function isReaderClick(request: { method: string; headers: Headers }): boolean {
  return request.method === 'GET' && isReaderRequest(request.headers);
}

/**
 * Whether a request comes from a reader's browser, not a crawler, a link-preview fetcher (the `isbot`
 * list; no browser sends an empty User-Agent), a prefetch or a prerender. A beacon is a POST: only
 * the method differs from a click.
 */
export function isReaderRequest(headers: Headers): boolean {
  const userAgent = headerText(headers['user-agent']).trim();
  if (userAgent === '' || isbot(userAgent)) return false;
  return !SPECULATIVE_LOAD_HEADERS.some((name) => SPECULATIVE_LOAD.test(headerText(headers[name])));
}

/**
 * Clicks counted at most per client address and group in a minute: a reader joins once, maybe twice
 * when the app did not open, and a few readers may share an address (an office, a carrier's NAT).
 */
export const CLICKS_PER_ADDRESS_PER_MINUTE = 3;
/** (address, group) pairs remembered at most: a few megabytes, whatever the traffic. */
export const REMEMBERED_PAIRS = 20_000;

export interface ClickLimitOptions {
  /** Clicks counted at most per key within `windowMs`. */
  limit: number;
  windowMs: number;
  /** Keys remembered at most; beyond, the least recently seen are forgotten first. */
  maxKeys: number;
}

/**
 * At most `limit` counted clicks per key in any window of `windowMs`, in memory only. The key is the
 * caller's (a keyed hash of the address and the group): nothing here is ever stored.
 */
export class ClickLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(
    readonly options: ClickLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.recent.size;
  }

  /** Whether one more click may be counted for `key`; if so, it is remembered. */
  take(key: string): boolean {
    const now = this.now();
    const times = (this.recent.get(key) ?? []).filter((time) => now - time < this.options.windowMs);
    const allowed = times.length < this.options.limit;
    if (allowed) times.push(now);
    // Deleted and set again: a Map iterates in insertion order, so the first key is the least recent.
    this.recent.delete(key);
    this.recent.set(key, times);
    for (const oldest of this.recent.keys()) {
      if (this.recent.size <= this.options.maxKeys) break;
      this.recent.delete(oldest);
    }
    return allowed;
  }
}

/**
 * The limiter every reader-facing counter uses: at most `limit` per key in any minute, over at most
 * REMEMBERED_PAIRS keys. Invitation clicks and pool seats allow CLICKS_PER_ADDRESS_PER_MINUTE.
 */
export function perMinuteLimiter(limit: number = CLICKS_PER_ADDRESS_PER_MINUTE): ClickLimiter {
  return new ClickLimiter({ limit, windowMs: 60_000, maxKeys: REMEMBERED_PAIRS });
}
