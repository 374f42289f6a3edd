import { afterEach, describe, expect, it } from 'vitest';
import { createWebHistory } from 'vue-router';
import { createKiosqueRouter } from './router';
import { forgetPreviewTokens } from './utils/previewToken';

const router = createKiosqueRouter(createWebHistory());
const TOKEN = `1900000000.${'a'.repeat(43)}`;

/** Opens an address as a tab does: the address bar first, then the router's first navigation. */
async function open(address: string) {
  window.history.replaceState(null, '', address);
  await router.replace(address);
  return router.currentRoute.value;
}

function previewProps(): Record<string, unknown> {
  const route = router.currentRoute.value;
  const props = route.matched[0]?.props.default;
  return typeof props === 'function' ? (props(route) as Record<string, unknown>) : {};
}

afterEach(() => {
  forgetPreviewTokens();
});

describe('the draft preview route', () => {
  it('takes the token out of the fragment and out of the address bar before the page shows', async () => {
    const route = await open(`/apercu/articles/doc-1?status=published#token=${TOKEN}`);

    expect(route.name).toBe('article-preview');
    expect(route.hash).toBe('');
    expect(window.location.pathname).toBe('/apercu/articles/doc-1');
    expect(window.location.search).toBe('?status=published');
    expect(window.location.hash).toBe('');
    expect(JSON.stringify(window.history.state)).not.toContain(TOKEN);
    expect(previewProps()).toEqual({ documentId: 'doc-1', token: TOKEN, status: 'published' });
  });

  it('keeps the token in memory for its article when the editor comes back to it', async () => {
    await open(`/apercu/articles/doc-1#token=${TOKEN}`);
    await router.push('/recherche');
    await router.push('/apercu/articles/doc-1');

    expect(previewProps()).toMatchObject({ documentId: 'doc-1', token: TOKEN });
    await router.push('/apercu/articles/doc-2');
    expect(previewProps()).toMatchObject({ documentId: 'doc-2', token: '' });
  });

  it('still has the token when the editor reloads the tab, whose address no longer holds it', async () => {
    await open(`/apercu/articles/doc-4#token=${TOKEN}`);
    forgetPreviewTokens(true);
    await open('/recherche');
    await open('/apercu/articles/doc-4');

    expect(previewProps()).toMatchObject({ documentId: 'doc-4', token: TOKEN });
  });

  it('never reads a token from the query string', async () => {
    await open(`/apercu/articles/doc-3?token=${TOKEN}`);

    expect(previewProps()).toMatchObject({ documentId: 'doc-3', token: '' });
  });
});
