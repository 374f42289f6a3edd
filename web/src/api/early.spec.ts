import { afterEach, describe, expect, it } from 'vitest';
import type { ArticlePageData } from '@kiosque/shared';
import { PAGE_DATA_ELEMENT_ID } from '@kiosque/shared';
import { readEmbeddedPage, takeEmbeddedArticlePage } from './early';

const data = {
  article: { slug: 'un', title: 'Un' },
  groups: [],
  comments: { data: [], meta: {} },
  related: [],
} as unknown as ArticlePageData;

function embed(text: string): void {
  const script = document.createElement('script');
  script.type = 'application/json';
  script.id = PAGE_DATA_ELEMENT_ID;
  script.textContent = text;
  document.body.append(script);
}

afterEach(() => {
  document.getElementById(PAGE_DATA_ELEMENT_ID)?.remove();
  takeEmbeddedArticlePage('un');
});

describe('the article page embedded by the page server', () => {
  it('is read once from the HTML and given once, for its own slug only', () => {
    embed(JSON.stringify({ route: 'article', slug: 'un', data }));
    expect(readEmbeddedPage()?.slug).toBe('un');
    expect(document.getElementById(PAGE_DATA_ELEMENT_ID)).toBeNull();

    expect(takeEmbeddedArticlePage('deux')).toBeUndefined();
    expect(takeEmbeddedArticlePage('un')).toEqual(data);
    // A later visit to the same article fetches it fresh.
    expect(takeEmbeddedArticlePage('un')).toBeUndefined();
  });

  it('is ignored when it is not an article page the SPA can show', () => {
    embed('{ pas du JSON');
    expect(readEmbeddedPage()).toBeUndefined();
    embed(JSON.stringify({ route: 'article', slug: 'un', data: {} }));
    expect(readEmbeddedPage()).toBeUndefined();
    expect(takeEmbeddedArticlePage('un')).toBeUndefined();
  });

  it('is absent from pages the server sent without it', () => {
    expect(readEmbeddedPage()).toBeUndefined();
  });
});
