// @vitest-environment node
import { createHead, renderSSRHead } from '@unhead/vue/server';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import type { Article } from '@kiosque/shared';
import {
  articleHead,
  categoryHead,
  headInput,
  homeHead,
  notFoundHead,
  shortDescription,
  type PageHead,
} from './pageHead';

const SITE = 'https://kiosque.example.org';

function article(overrides: Partial<Article> = {}): Article & { updatedAt: string } {
  return {
    documentId: 'doc1',
    title: 'Trouver un emploi',
    slug: 'trouver-un-emploi',
    excerpt: 'Les bonnes pistes pour trouver un emploi.',
    category: { documentId: 'c1', name: 'Emploi', slug: 'emploi', description: null },
    author: { documentId: 'a1', name: 'Awa Diop', slug: 'awa-diop', bio: null, avatar: null },
    readingTime: 3,
    publishedAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-21T09:30:00.000Z',
    cover: { url: '/uploads/cover.jpg', alternativeText: 'Une couverture', width: 1200, height: 630 },
    commentCount: 0,
    seo: null,
    body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Le texte de l’article.' }] }],
    commentsClosed: false,
    commentsOpen: true,
    ...overrides,
  };
}

/** The head as the server render writes it (unhead's own renderer), read back as a crawler does. */
async function rendered(head: PageHead) {
  const unhead = createHead();
  unhead.push(headInput(SITE, head));
  const { headTags } = await renderSSRHead(unhead);
  const metas = new Map<string, string>();
  for (const match of headTags.matchAll(/<meta (name|property)="([^"]+)" content="([^"]*)"/g)) {
    metas.set(match[2], match[3]);
  }
  const title = /<title>([^<]*)<\/title>/.exec(headTags)?.[1];
  const canonical = /<link rel="canonical" href="([^"]*)"/.exec(headTags)?.[1];
  const jsonLd = /<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/.exec(headTags)?.[1];
  return { html: headTags, metas, title, canonical, jsonLd: jsonLd ? JSON.parse(jsonLd) : undefined };
}

describe('page heads', () => {
  it('cuts a long description at a word with an ellipsis', () => {
    const text = 'mot '.repeat(60);
    const short = shortDescription(text);
    expect(short.length).toBeLessThanOrEqual(160);
    expect(short.endsWith('mot…')).toBe(true);
  });

  it('gives an article its title, description, Open Graph, Twitter, canonical and NewsArticle', async () => {
    const head = await rendered(articleHead(SITE, article()));
    expect(head.title).toBe('Trouver un emploi – Kiosque');
    expect(head.html.match(/<title>/g)).toHaveLength(1);
    expect(head.metas.get('description')).toBe('Les bonnes pistes pour trouver un emploi.');
    expect(head.canonical).toBe(`${SITE}/articles/trouver-un-emploi`);
    expect(Object.fromEntries([...head.metas].filter(([key]) => /^(og|article|twitter):/.test(key)))).toEqual(
      {
        'og:type': 'article',
        'og:site_name': 'Kiosque',
        'og:locale': 'fr_FR',
        'og:title': 'Trouver un emploi',
        'og:description': 'Les bonnes pistes pour trouver un emploi.',
        'og:url': `${SITE}/articles/trouver-un-emploi`,
        'og:image': `${SITE}/uploads/cover.jpg`,
        'og:image:alt': 'Une couverture',
        'og:image:width': '1200',
        'og:image:height': '630',
        'article:published_time': '2026-11-20T08:00:00.000Z',
        'article:modified_time': '2026-11-21T09:30:00.000Z',
        'article:section': 'Emploi',
        'twitter:card': 'summary_large_image',
        'twitter:title': 'Trouver un emploi',
        'twitter:description': 'Les bonnes pistes pour trouver un emploi.',
        'twitter:image': `${SITE}/uploads/cover.jpg`,
        'twitter:image:alt': 'Une couverture',
      },
    );
    expect(head.jsonLd).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Trouver un emploi',
      description: 'Les bonnes pistes pour trouver un emploi.',
      image: [`${SITE}/uploads/cover.jpg`],
      datePublished: '2026-11-20T08:00:00.000Z',
      dateModified: '2026-11-21T09:30:00.000Z',
      author: { '@type': 'Person', name: 'Awa Diop' },
      publisher: { '@type': 'Organization', name: 'Kiosque', url: `${SITE}/` },
      mainEntityOfPage: { '@type': 'WebPage', '@id': `${SITE}/articles/trouver-un-emploi` },
      articleSection: 'Emploi',
      inLanguage: 'fr-FR',
    });
    expect(head.html).toMatch(
      new RegExp(
        `<link rel="alternate" type="application/rss\\+xml" title="Kiosque : derniers articles" href="${SITE}/rss.xml"`,
      ),
    );
  });

  it('prefers the SEO fields: title, description, share image and canonical URL', async () => {
    const head = await rendered(
      articleHead(
        SITE,
        article({
          seo: {
            metaTitle: 'Emploi : les pistes',
            metaDescription: 'Une description pour les moteurs.',
            shareImage: {
              url: 'https://cdn.example.org/share.png',
              alternativeText: null,
              width: null,
              height: null,
            },
            canonicalUrl: 'https://autre.example.org/original',
          },
        }),
      ),
    );
    expect(head.title).toBe('Emploi : les pistes');
    expect(head.metas.get('og:title')).toBe('Emploi : les pistes');
    expect(head.metas.get('description')).toBe('Une description pour les moteurs.');
    expect(head.metas.get('og:image')).toBe('https://cdn.example.org/share.png');
    expect(head.metas.get('og:image:alt')).toBe('Trouver un emploi');
    expect(head.metas.has('og:image:width')).toBe(false);
    expect(head.canonical).toBe('https://autre.example.org/original');
    expect(head.metas.get('og:url')).toBe('https://autre.example.org/original');
  });

  it('escapes a hostile title everywhere it goes', async () => {
    const title = `</script><script>alert("x")</script> & <img src=x onerror=alert(1)> '`;
    const head = await rendered(
      articleHead(
        SITE,
        article({
          title,
          excerpt: `"><b>gras</b>`,
          seo: {
            metaTitle: null,
            metaDescription: null,
            shareImage: null,
            canonicalUrl: 'javascript:alert(1)',
          },
        }),
      ),
    );
    // As a browser or a crawler parses it: the values stay values, no element comes out of them.
    const document = new Window().document;
    document.head.innerHTML = head.html;
    expect([...document.head.children].map((element) => element.tagName.toLowerCase()).sort()).toEqual(
      [...Array(21).fill('meta'), 'title', 'link', 'link', 'script'].sort(),
    );
    expect(document.title).toBe(`${title} – Kiosque`);
    expect(document.querySelector('meta[property="og:title"]')?.getAttribute('content')).toBe(title);
    expect(document.querySelector('meta[name="description"]')?.getAttribute('content')).toBe('"><b>gras</b>');
    expect(document.querySelector('script')?.getAttribute('type')).toBe('application/ld+json');
    expect(head.html).not.toContain('javascript:');
    expect(head.jsonLd.headline).toBe(title);
    expect(head.canonical).toBe(`${SITE}/articles/trouver-un-emploi`);
  });

  it('gives the home and category pages a share image, and marks an unknown page noindex', async () => {
    const home = await rendered(homeHead(SITE));
    expect(home.canonical).toBe(`${SITE}/`);
    expect(home.metas.get('og:type')).toBe('website');
    expect(home.metas.get('og:image')).toBe(`${SITE}/share.png`);
    expect(home.metas.get('twitter:card')).toBe('summary_large_image');
    expect(home.jsonLd['@type']).toBe('WebSite');
    expect((await rendered(homeHead(SITE, 2))).canonical).toBe(`${SITE}/?page=2`);

    const category = await rendered(
      categoryHead(SITE, { documentId: 'c', name: 'Emploi & métiers', slug: 'emploi', description: null }),
    );
    expect(category.title).toBe('Emploi &amp; métiers – Kiosque');
    expect(category.metas.get('og:image')).toBe(`${SITE}/share.png`);
    expect(category.canonical).toBe(`${SITE}/categorie/emploi`);

    const missing = await rendered(notFoundHead(SITE, '/articles/inconnu'));
    expect(missing.metas.get('robots')).toBe('noindex');
    expect(missing.canonical).toBeUndefined();
  });
});
