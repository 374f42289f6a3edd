import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApp, effectScope, nextTick, ref } from 'vue';
import { ApiError } from '../api/client';
import { createPageState, installPageState, type PageStateStore } from './usePageState';
import { nullWhenNotFound, usePageResource } from './usePageResource';

type Answer = { titre: string };

/** Runs the composable inside an app that provides `store`, as a page's setup does. */
function withStore<T>(store: PageStateStore, composable: () => T): T {
  const app = createApp({});
  installPageState(app, store);
  return app.runWithContext(() => effectScope().run(composable) as T);
}

function resource(
  store: PageStateStore,
  slug: () => string | null,
  fetch: (slug: string) => Promise<Answer | null>,
  clearWhileLoading = false,
) {
  const shown: (Answer | null)[] = [];
  const state = withStore(store, () =>
    usePageResource({
      source: slug,
      key: (current: string) => `essai:${current}`,
      fetch,
      show: (value) => shown.push(value),
      clearWhileLoading,
    }),
  );
  return { ...state, shown };
}

describe('usePageResource', () => {
  it('puts what it fetched into the server render’s state, and a 404 as null with the page’s status', async () => {
    const store = createPageState('server', { siteUrl: 'https://kiosque.test', data: {} });
    const found = resource(
      store,
      () => 'un',
      async () => ({ titre: 'Un' }),
    );
    const missing = resource(
      store,
      () => 'absent',
      () => nullWhenNotFound(Promise.reject(new ApiError(404, 'Introuvable'))),
    );
    await flushPromises();
    expect(store.result.state.data).toEqual({ 'essai:un': { titre: 'Un' }, 'essai:absent': null });
    expect(store.result.status).toBe(404);
    expect(found.notFound.value).toBe(false);
    expect(missing.notFound.value).toBe(true);
    expect(missing.error.value).toBeNull();
  });

  it('tells the server render a CMS failure other than a 404, so that the page is not kept', async () => {
    const store = createPageState('server', { siteUrl: 'https://kiosque.test', data: {} });
    const failing = resource(
      store,
      () => 'un',
      () => nullWhenNotFound(Promise.reject(new ApiError(502, 'Panne'))),
    );
    await flushPromises();
    expect(failing.error.value?.status).toBe(502);
    expect(failing.notFound.value).toBe(false);
    expect(store.result.unavailable).toBe('the CMS answered 502 (Panne)');
    expect(store.result.state.data).toEqual({});
  });

  it('shows the server-rendered answer in the browser without asking, a 404 included, then fetches a new key', async () => {
    const store = createPageState('client', {
      siteUrl: 'https://kiosque.test',
      data: { 'essai:un': { titre: 'Un' }, 'essai:absent': null },
    });
    const fetch = vi.fn(async (slug: string) => ({ titre: slug }));
    const slug = ref('un');
    const page = resource(store, () => slug.value, fetch);
    const missing = resource(store, () => 'absent', fetch);
    expect(page.shown).toEqual([{ titre: 'Un' }]);
    expect(page.loading.value).toBe(false);
    expect(missing.shown).toEqual([null]);
    expect(missing.notFound.value).toBe(true);
    expect(fetch).not.toHaveBeenCalled();

    slug.value = 'deux';
    await nextTick();
    await flushPromises();
    expect(fetch).toHaveBeenCalledExactlyOnceWith('deux');
    expect(page.shown).toEqual([{ titre: 'Un' }, { titre: 'deux' }]);
  });

  it('empties the screen while a new key loads only when told to', async () => {
    const store = createPageState('client', { siteUrl: '', data: {} });
    const fetch = async (slug: string) => ({ titre: slug });
    const slug = ref('un');
    const cleared = resource(store, () => slug.value, fetch, true);
    const kept = resource(store, () => slug.value, fetch);
    await flushPromises();
    slug.value = 'deux';
    await nextTick();
    await flushPromises();
    expect(cleared.shown).toEqual([null, { titre: 'un' }, null, { titre: 'deux' }]);
    expect(kept.shown).toEqual([{ titre: 'un' }, { titre: 'deux' }]);
  });

  it('shows nothing and asks nothing for a null source', async () => {
    const fetch = vi.fn(async () => ({ titre: 'jamais' }));
    const none = resource(createPageState('client', { siteUrl: '', data: {} }), () => null, fetch);
    await flushPromises();
    expect(fetch).not.toHaveBeenCalled();
    expect(none.shown).toEqual([null]);
    expect(none.loading.value).toBe(false);
  });
});
