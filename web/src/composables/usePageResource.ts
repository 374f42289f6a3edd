import { ref, shallowRef, watch } from 'vue';
import { toApiError, type ApiError } from '../api/client';
import { useLatestRequest } from './useLatestRequest';
import { usePageState } from './usePageState';

export interface PageResourceOptions<S, T> {
  /** What to load now (a slug, a query); `null`: nothing to load, `show(null)` and no request. */
  source: () => S | null;
  /** The page-state key its answer is kept under; a new key loads again. */
  key: (source: S) => string;
  /** The answer, `null` for a 404 the page shows as such; any other failure rejects. */
  fetch: (source: S) => Promise<T | null>;
  /** Puts an answer on screen; `null`: nothing (not found, nothing asked, or loading afresh). */
  show: (value: T | null) => void;
  /** Empties the screen while a new answer loads (an article), rather than keeping the old one. */
  clearWhileLoading?: boolean;
}

/**
 * One thing a page shows, loaded the way every page loads: taken from the server-rendered state once
 * in the hydrating render, fetched otherwise and again whenever its key changes, the latest answer
 * winning. The answer (or its 404) goes into the page state for the server render, and a CMS failure
 * is told to it, so that the page server never caches a page rendered without its data.
 */
export function usePageResource<S, T>(options: PageResourceOptions<S, T>) {
  const loading = ref(true);
  const notFound = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const requests = useLatestRequest();
  const pageState = usePageState();
  let running: Promise<void> | undefined;

  async function load(): Promise<void> {
    const isLatest = requests.begin();
    const source = options.source();
    notFound.value = false;
    error.value = null;
    if (source === null) {
      options.show(null);
      loading.value = false;
      return;
    }
    if (options.clearWhileLoading) options.show(null);
    loading.value = true;
    try {
      const found = await options.fetch(source);
      if (!isLatest()) return;
      options.show(found);
      notFound.value = found === null;
      pageState.put(options.key(source), found);
      if (found === null) pageState.notFound();
    } catch (caught) {
      if (!isLatest()) return;
      error.value = toApiError(caught);
      pageState.unavailable(error.value);
    } finally {
      if (isLatest()) loading.value = false;
    }
  }

  watch(
    () => {
      const source = options.source();
      return source === null ? null : options.key(source);
    },
    (key) => {
      // The answer the page was rendered with on the server: shown in the hydrating render, with no
      // request and no loading state (run synchronously, before the component renders).
      const given = key === null ? undefined : pageState.take<T>(key);
      if (given === undefined) return void (running = load());
      requests.supersede();
      options.show(given);
      notFound.value = given === null;
      loading.value = false;
    },
    { immediate: true },
  );
  pageState.prefetch(() => running);

  return { loading, notFound, error, reload: load };
}

/** A fetch's 404 as the `null` answer `usePageResource` shows as "not found"; other failures stay. */
export function nullWhenNotFound<T>(answer: Promise<T>): Promise<T | null> {
  return answer.catch((caught: unknown) => {
    if (toApiError(caught).status === 404) return null;
    throw caught;
  });
}
