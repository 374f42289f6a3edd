import { describe, expect, it } from 'vitest';
import {
  PAGE_TITLES,
  PREVIEW_ROOT,
  SITE_DESCRIPTION,
  SITE_NAME,
  SITE_ROUTES,
  articlePath,
  categoryPath,
  contentPageOf,
  siteTitle,
} from './site';

/** Whether a path fills a route pattern such as `/articles/:slug`, one segment per parameter. */
function fills(pattern: string, path: string): boolean {
  const source = pattern.replace(/:[A-Za-z]+/g, '[^/]+').replace(/\//g, '\\/');
  return new RegExp(`^${source}$`).test(path);
}

describe('the site’s facts', () => {
  it('names the site in every title, after the page’s own name', () => {
    expect(SITE_NAME).toBe('Kiosque');
    expect(siteTitle()).toBe('Kiosque');
    expect(siteTitle('')).toBe('Kiosque');
    expect(siteTitle('Trouver un emploi')).toBe('Trouver un emploi – Kiosque');
    expect(siteTitle(PAGE_TITLES.notFound)).toBe('Page introuvable – Kiosque');
    expect(SITE_DESCRIPTION.startsWith(`${SITE_NAME} : `)).toBe(true);
  });

  it.each([
    ['emploi', '/articles/emploi', '/categorie/emploi'],
    ['métiers & co', '/articles/m%C3%A9tiers%20%26%20co', '/categorie/m%C3%A9tiers%20%26%20co'],
    ['../admin?x=1#y', '/articles/..%2Fadmin%3Fx%3D1%23y', '/categorie/..%2Fadmin%3Fx%3D1%23y'],
  ])('builds the addresses of %j within their route, its slug escaped', (slug, article, category) => {
    expect(articlePath(slug)).toBe(article);
    expect(categoryPath(slug)).toBe(category);
    expect(fills(SITE_ROUTES.article, articlePath(slug))).toBe(true);
    expect(fills(SITE_ROUTES.category, categoryPath(slug))).toBe(true);
  });

  it('puts every draft preview under the preview root', () => {
    expect(SITE_ROUTES.articlePreview.startsWith(`${PREVIEW_ROOT}/`)).toBe(true);
    for (const [name, route] of Object.entries(SITE_ROUTES)) {
      if (name !== 'articlePreview') expect(route.startsWith(PREVIEW_ROOT), name).toBe(false);
    }
  });

  it.each([
    ['/articles/emploi', { page: 'article', segment: 'emploi' }],
    ['/articles/m%C3%A9tiers', { page: 'article', segment: 'm%C3%A9tiers' }],
    ['/categorie/emploi', { page: 'category', segment: 'emploi' }],
    ['/articles/', null],
    ['/articles', null],
    ['/articles/a/b', null],
    ['/categorie//x', null],
    ['/recherche', null],
    ['/', null],
    ['/apercu/articles/doc-1', null],
  ])('reads %j as the content page it names', (path, page) => {
    expect(contentPageOf(path)).toEqual(page);
  });

  it('reads back the content page of every address it builds', () => {
    expect(contentPageOf(articlePath('a/b'))).toEqual({ page: 'article', segment: 'a%2Fb' });
    expect(contentPageOf(categoryPath('emploi'))).toEqual({ page: 'category', segment: 'emploi' });
  });
});
