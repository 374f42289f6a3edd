import type { IncomingMessage } from 'node:http';
import { isbot } from 'isbot';
import { MAX_VIEW_COUNT_ENTRIES, VIEW_COUNTS_PATH, countDay, type ViewCount } from '@kiosque/shared';

/** Headers a browser sets on a load the reader did not ask for (Chrome, Firefox, Safari's previews), as the CMS reads them. */
const SPECULATIVE_LOAD_HEADERS = ['sec-purpose', 'purpose', 'x-purpose', 'x-moz'];
const SPECULATIVE_LOAD = /prefetch|prerender|preview/i;

const DAY_MS = 24 * 3600_000;

const headerText = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? value.join(', ') : (value ?? '');

// isbot's list is one large regular expression: tens of microseconds a User-Agent, a fifth of what a
// kept page costs (measured, docs/performance.md). Readers send few distinct ones: each is tested once.
const BOT_MEMO_MAX = 2000;
const botMemo = new Map<string, boolean>();
function isBotAgent(userAgent: string): boolean {
  const known = botMemo.get(userAgent);
  if (known !== undefined) return known;
  const bot = isbot(userAgent);
  // Past the bound (a flood of made-up agents), the oldest half is forgotten: memory stays bounded.
  if (botMemo.size >= BOT_MEMO_MAX) {
    for (const key of [...botMemo.keys()].slice(0, BOT_MEMO_MAX / 2)) botMemo.delete(key);
  }
  if (userAgent.length <= 512) botMemo.set(userAgent, bot);
  return bot;
}

/**
 * Whether a request for an article page is a reader's view, as the CMS decides for a click
 * (cms/src/clicks/reader-clicks.ts): a GET (a HEAD is a link checker), from a browser (not a crawler
 * or a messaging app building a link preview, by the `isbot` list; no browser sends an empty
 * User-Agent), not a prefetch or a prerender (the SPA counts a prerendered page once it is shown).
 */
export function isReaderView(request: Pick<IncomingMessage, 'method' | 'headers'>): boolean {
  if (request.method !== 'GET') return false;
  const userAgent = headerText(request.headers['user-agent']).trim();
  if (userAgent === '' || isBotAgent(userAgent)) return false;
  return !SPECULATIVE_LOAD_HEADERS.some((name) => SPECULATIVE_LOAD.test(headerText(request.headers[name])));
}

export interface ViewCounterOptions {
  /** The CMS origin (CMS_URL), which the flushes go to. */
  cmsUrl: string;
  /** COUNT_SECRET, as the CMS has it. */
  secret: string;
  /** How often the counts are sent (COUNT_FLUSH_MS, 5 s, as the CMS writes its own). */
  flushIntervalMs: number;
  /** Article and day pairs kept at most between two flushes (a failed flush keeps its counts within this). */
  maxEntries?: number;
  onError?: (error: unknown) => void;
}

export interface ViewCounter {
  /** One view of the article `documentId` now: a Map increment, nothing else. */
  count(documentId: string, at?: Date): void;
  /** Sends what is pending (flushes never overlap); a failed send puts its counts back. */
  flush(): Promise<void>;
  /** Views refused because `maxEntries` was reached (never expected: a sign the CMS is unreachable for long). */
  readonly dropped: number;
  readonly pending: number;
  start(): void;
  /** Stops the timer and sends what is pending: a graceful stop loses nothing. */
  stop(): Promise<void>;
}

/**
 * The article views the page server counts, in memory per article and UTC day, sent to the CMS
 * every `flushIntervalMs` in one authenticated request (several only past MAX_VIEW_COUNT_ENTRIES
 * pairs). The CMS adds them to the same counters as the beacons' (docs/performance.md says why the
 * page server counts). A SIGKILL loses at most one interval of views.
 */
export function createViewCounter(options: ViewCounterOptions): ViewCounter {
  const url = `${options.cmsUrl.replace(/\/+$/, '')}${VIEW_COUNTS_PATH}`;
  const maxEntries = options.maxEntries ?? 50_000;
  // Views per UTC day, then per article. Measured (docs/performance.md, 2026-12-03): a key string and
  // a Date per view made a busy page server's garbage collector work harder and harder, up to a
  // quarter fewer pages a second after a million views; nested maps and a day kept until midnight
  // allocate nothing per view.
  let pending = new Map<string, Map<string, number>>();
  let entries = 0;
  let dropped = 0;
  let writing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setInterval> | undefined;
  let today = '';
  let todayEndsAt = 0;

  /** The UTC day of `now`, worked out again only when it changes. */
  function dayOf(now: number): string {
    if (now >= todayEndsAt || now < todayEndsAt - DAY_MS) {
      today = countDay(new Date(now));
      todayEndsAt = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
    }
    return today;
  }

  function add(day: string, article: string, count: number): void {
    let views = pending.get(day);
    const current = views?.get(article);
    if (current === undefined) {
      if (entries >= maxEntries) {
        dropped += count;
        return;
      }
      entries += 1;
    }
    if (!views) {
      views = new Map();
      pending.set(day, views);
    }
    views.set(article, (current ?? 0) + count);
  }

  async function send(views: ViewCount[]): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ views }),
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    // A 400 would come back at every try: the counts are dropped rather than kept forever.
    if (response.status >= 500 || response.status === 401 || response.status === 429) {
      throw new Error(`the CMS answered ${response.status} to the view counts`);
    }
  }

  function flush(): Promise<void> {
    writing = writing.then(async () => {
      if (entries === 0) return;
      const batch = pending;
      pending = new Map();
      entries = 0;
      const views = [...batch].flatMap(([day, articles]) =>
        [...articles].map(([article, count]) => ({ article, day, count })),
      );
      for (let start = 0; start < views.length; start += MAX_VIEW_COUNT_ENTRIES) {
        const part = views.slice(start, start + MAX_VIEW_COUNT_ENTRIES);
        try {
          await send(part);
        } catch (error) {
          for (const view of part) add(view.day, view.article, view.count);
          options.onError?.(error);
        }
      }
    });
    return writing;
  }

  return {
    count(documentId, at) {
      add(at === undefined ? dayOf(Date.now()) : countDay(at), documentId, 1);
    },
    flush,
    get dropped() {
      return dropped;
    },
    get pending() {
      return entries;
    },
    start() {
      if (timer) clearInterval(timer);
      timer = setInterval(() => void flush(), options.flushIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush();
    },
  };
}
