import { isLocalTarget, redirectKey } from '@kiosque/shared';

/*
 * The old addresses (a WordPress blog's permalinks, `/?p=123`, its archives) the CMS keeps
 * (api::redirect), answered here with a permanent redirect. The whole list is kept in memory and
 * read again in the background every `refreshMs`: a request never waits for the CMS, except the
 * very first lookups before the list was ever read; when the CMS does not answer, the last list
 * read stays in use.
 */

export interface RedirectsOptions {
  cmsUrl: string;
  /** How often the list is read again (content changes reach readers within this). */
  refreshMs?: number;
  timeoutMs?: number;
}

export interface Redirects {
  /** Where an old address now is (a path of this site), or undefined. */
  lookup(pathname: string, search: string): Promise<string | undefined>;
}

const PAGE_SIZE = 100;
/** No list beyond this is kept (a bound on memory whatever the CMS answers). */
const MAX_REDIRECTS = 200_000;

export function createRedirects(options: RedirectsOptions): Redirects {
  const cmsUrl = options.cmsUrl.replace(/\/+$/, '');
  const refreshMs = options.refreshMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 2500;
  let table: Map<string, string> | undefined;
  let readAt = 0;
  let reading: Promise<void> | undefined;

  async function readAll(): Promise<Map<string, string>> {
    const next = new Map<string, string>();
    for (let page = 1; ; page += 1) {
      const query = new URLSearchParams({
        'fields[0]': 'from',
        'fields[1]': 'to',
        sort: 'from:asc',
        'pagination[page]': String(page),
        'pagination[pageSize]': String(PAGE_SIZE),
      });
      const response = await fetch(`${cmsUrl}/api/redirects?${query}`, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`the CMS answered ${response.status}`);
      const body = (await response.json()) as {
        data?: { from?: unknown; to?: unknown }[];
        meta?: { pagination?: { pageCount?: number } };
      };
      for (const { from, to } of body.data ?? []) {
        // A target that is not a path of this site is never followed, whatever the CMS holds.
        if (typeof from === 'string' && typeof to === 'string' && isLocalTarget(to)) next.set(from, to);
      }
      if (page >= (body.meta?.pagination?.pageCount ?? 1) || next.size >= MAX_REDIRECTS) return next;
    }
  }

  function refresh(): Promise<void> {
    reading ??= readAll()
      .then((next) => {
        table = next;
      })
      .catch((error: unknown) => {
        console.warn(
          `[kiosque-web] redirects not read: ${error instanceof Error ? error.message : String(error)}`,
        );
        // Readers do not wait for a CMS that is down: until it answers, no redirect (tried again later).
        table ??= new Map();
      })
      .finally(() => {
        readAt = Date.now();
        reading = undefined;
      });
    return reading;
  }

  return {
    async lookup(pathname, search) {
      const key = redirectKey(pathname, search);
      if (key === undefined) return undefined;
      if (table === undefined) await refresh();
      else if (Date.now() - readAt >= refreshMs) void refresh();
      const to = table?.get(key);
      return to === undefined || to === key ? undefined : to;
    },
  };
}
