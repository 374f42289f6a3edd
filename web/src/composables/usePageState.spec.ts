import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_DATA_ELEMENT_ID, jsonForScript } from '@kiosque/shared';
import { createPageState, readPageState } from './usePageState';

function embed(text: string): void {
  const script = document.createElement('script');
  script.type = 'application/json';
  script.id = PAGE_DATA_ELEMENT_ID;
  script.textContent = text;
  document.body.append(script);
}

afterEach(() => {
  document.getElementById(PAGE_DATA_ELEMENT_ID)?.remove();
});

describe('the page state the server rendered with', () => {
  it('is read once from the HTML, exactly as written, hostile text included', () => {
    const state = { siteUrl: 'https://kiosque.example.org', data: { x: '</script><!--\u2028' } };
    embed(jsonForScript(state));
    expect(readPageState()).toEqual(state);
    expect(document.getElementById(PAGE_DATA_ELEMENT_ID)).toBeNull();
    expect(readPageState()).toBeUndefined();
  });

  it('keeps the page server’s word that it counted the view, and only a true one', () => {
    const state = { siteUrl: 'https://kiosque.example.org', data: {}, countsViews: true };
    embed(jsonForScript(state));
    expect(readPageState()).toEqual(state);
    embed(jsonForScript({ ...state, countsViews: 'yes' }));
    expect(readPageState()).toEqual({ siteUrl: state.siteUrl, data: {} });
  });

  it('is ignored when it is not a state the SPA can use', () => {
    embed('{ pas du JSON');
    expect(readPageState()).toBeUndefined();
    embed(JSON.stringify({ data: {} }));
    expect(readPageState()).toBeUndefined();
  });

  it('gives each answer once in the browser, a 404 as null, and nothing on the server', () => {
    const client = createPageState('client', {
      siteUrl: '',
      data: { 'article:un': { title: 'Un' }, 'article:zero': null },
    });
    expect(client.take('article:deux')).toBeUndefined();
    expect(client.take('article:un')).toEqual({ title: 'Un' });
    // A later visit to the same article fetches it fresh.
    expect(client.take('article:un')).toBeUndefined();
    expect(client.take('article:zero')).toBeNull();

    const server = createPageState('server', { siteUrl: '', data: { 'article:un': { title: 'Un' } } });
    expect(server.take('article:un')).toBeUndefined();
    server.put('article:un', { title: 'Un' });
    server.notFound();
    expect(server.result).toEqual({
      state: { siteUrl: '', data: { 'article:un': { title: 'Un' } } },
      status: 404,
    });
  });
});
