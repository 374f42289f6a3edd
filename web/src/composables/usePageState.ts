import {
  getCurrentInstance,
  hasInjectionContext,
  inject,
  onServerPrefetch,
  type App,
  type InjectionKey,
} from 'vue';
import { PAGE_DATA_ELEMENT_ID, type PageState } from '@kiosque/shared';
import type { ApiError } from '../api/client';

/**
 * The data a page was rendered with, on both sides of hydration. On the server, each composable
 * `put`s what it fetched under its key and says when the CMS failed (the page server then answers the
 * SPA shell rather than an error page it would cache); the state goes to the browser in the HTML. In
 * the browser, each composable `take`s its answer once, in setup, so the hydrating render shows the
 * same thing without a request; later navigations find nothing and fetch.
 */
export interface PageStateStore {
  readonly server: boolean;
  readonly siteUrl: string;
  /** The answer kept for this key, once (`undefined`: fetch it; `null`: it was a 404). */
  take<T>(key: string): T | null | undefined;
  put(key: string, value: unknown): void;
  /** A 404 the page shows: the answer's status (server only). */
  notFound(): void;
  /** A CMS failure other than a 404: the page must not be answered as rendered (server only). */
  unavailable(error: ApiError): void;
  /** The composable's load under way, which the server render waits for (`onServerPrefetch`). */
  prefetch(running: () => Promise<unknown> | undefined): void;
  /** What the server render gathered. */
  readonly result: { state: PageState; status: number; unavailable?: string };
}

const PAGE_STATE: InjectionKey<PageStateStore> = Symbol('kiosque:page-state');

export function createPageState(side: 'server' | 'client', given: PageState): PageStateStore {
  const result: PageStateStore['result'] = { state: { siteUrl: given.siteUrl, data: {} }, status: 200 };
  const kept = new Map(Object.entries(given.data));
  return {
    server: side === 'server',
    siteUrl: given.siteUrl,
    take<T>(key: string) {
      if (side === 'server' || !kept.has(key)) return undefined;
      const value = kept.get(key) as T | null;
      kept.delete(key);
      return value;
    },
    put(key, value) {
      if (side === 'server') result.state.data[key] = value;
    },
    notFound() {
      result.status = 404;
    },
    unavailable(error) {
      result.unavailable ??= `the CMS answered ${error.status ?? 'nothing'} (${error.message})`;
    },
    prefetch(running) {
      // Registered in the browser too, where it never runs: a component with a server prefetch is an
      // async boundary for useId(), and both sides must agree on the ids.
      if (getCurrentInstance()) onServerPrefetch(() => running());
    },
    result,
  };
}

export function installPageState(app: App, store: PageStateStore): void {
  app.provide(PAGE_STATE, store);
}

// Outside an app that has one (a component's unit test, a preview): nothing kept, nothing gathered.
const NO_STATE = createPageState('client', { siteUrl: '', data: {} });

export function usePageState(): PageStateStore {
  return hasInjectionContext() ? inject(PAGE_STATE, NO_STATE) : NO_STATE;
}

/**
 * Reads, once, the state the page server put into the HTML; `undefined` for the SPA shell (no state)
 * or anything unexpected in it, and the element is removed so that it is never read twice.
 */
export function readPageState(root: Document = document): PageState | undefined {
  const element = root.getElementById(PAGE_DATA_ELEMENT_ID);
  if (!element) return undefined;
  element.remove();
  try {
    const value = JSON.parse(element.textContent ?? '') as Partial<PageState> | null;
    if (typeof value?.siteUrl === 'string' && typeof value.data === 'object' && value.data !== null) {
      return {
        siteUrl: value.siteUrl,
        data: value.data,
        ...(value.countsViews === true ? { countsViews: true } : {}),
      };
    }
  } catch {
    // not JSON: the SPA fetches what it needs
  }
  return undefined;
}
