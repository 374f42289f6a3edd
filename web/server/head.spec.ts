// @vitest-environment node
import type { Article } from '@kiosque/shared';
import { describe, expect, it } from 'vitest';
import { articleHead, categoryHead, homeHead, notFoundHead, renderPage, shortDescription } from './head';
import { HOSTILE_LINKS } from '../src/utils/hostileLinks.fixtures';
import { escapeHtml, jsonForScript, renderBlocks, safeUrl } from './html';

const SITE = 'https://kiosque.example.org';
const TEMPLATE = `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="UTF-8" />
    <meta name="description" content="Kiosque : actualités, conseils carrière et communautés." />
    <title>Kiosque</title>
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>`;

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

/** Parses the rendered page as a browser would (happy-dom is not loaded: a tiny DOMParser stand-in). */
function headOf(html: string) {
  const metas = new Map<string, string>();
  for (const match of html.matchAll(/<meta (name|property)="([^"]+)" content="([^"]*)" \/>/g)) {
    metas.set(match[2], match[3]);
  }
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
  const canonical = /<link rel="canonical" href="([^"]*)" \/>/.exec(html)?.[1];
  const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
  const app = /<div id="app">([\s\S]*?)<\/div>\n/.exec(html)?.[1];
  return { metas, title, canonical, jsonLd: jsonLd ? JSON.parse(jsonLd) : undefined, app };
}

describe('escaping', () => {
  it('escapes text and attribute values', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('keeps </script> and <!-- out of JSON-LD while the JSON stays the same', () => {
    const value = { headline: '</script><script>alert(1)</script> <!-- & \u2028' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('accepts http(s) links and site paths only', () => {
    expect(safeUrl('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeUrl('/uploads/a.jpg')).toBe('/uploads/a.jpg');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl(' JavaScript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<b>')).toBeUndefined();
    expect(safeUrl('//evil.example/x')).toBeUndefined();
    expect(safeUrl('')).toBeUndefined();
  });

  it.each(HOSTILE_LINKS)('links nothing for %j, in the body or as an image', (url) => {
    const html = renderBlocks([
      { type: 'paragraph', children: [{ type: 'link', url, children: [{ type: 'text', text: 'clic' }] }] },
      { type: 'image', image: { url }, children: [] },
    ]);
    expect(safeUrl(url)).toBeUndefined();
    expect(html).toBe('<p>clic</p>\n');
  });

  it('gives links to other sites rel="noopener noreferrer", as the SPA does, and site paths none', () => {
    const html = renderBlocks([
      {
        type: 'paragraph',
        children: [
          { type: 'link', url: '/articles/a', children: [{ type: 'text', text: 'ici' }] },
          { type: 'link', url: 'https://example.org', children: [{ type: 'text', text: 'là' }] },
        ],
      },
    ]);
    expect(html).toBe(
      '<p><a href="/articles/a">ici</a><a href="https://example.org/" rel="noopener noreferrer">là</a></p>',
    );
  });

  it('cuts a long description at a word with an ellipsis', () => {
    const text = 'mot '.repeat(60);
    const short = shortDescription(text);
    expect(short.length).toBeLessThanOrEqual(160);
    expect(short.endsWith('mot…')).toBe(true);
    expect(shortDescription('  court  ')).toBe('court');
  });
});

describe('article body as HTML', () => {
  it('renders every block type with its text escaped', () => {
    const html = renderBlocks([
      { type: 'heading', level: 1, children: [{ type: 'text', text: 'Titre <b>' }] },
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'gras', bold: true },
          { type: 'text', text: ' & ' },
          { type: 'link', url: 'https://example.org/?a=1&b=2', children: [{ type: 'text', text: 'lien' }] },
        ],
      },
      {
        type: 'list',
        format: 'ordered',
        children: [{ type: 'list-item', children: [{ type: 'text', text: 'un' }] }],
      },
      { type: 'quote', children: [{ type: 'text', text: 'cité', italic: true }] },
      { type: 'code', children: [{ type: 'text', text: 'if (a < b) {}' }] },
      {
        type: 'image',
        image: { url: '/uploads/x.jpg', alternativeText: 'Un "chat"', width: 10, height: 5 },
        children: [],
      },
    ]);
    expect(html).toBe(
      [
        '<h2>Titre &lt;b&gt;</h2>',
        '<p><strong>gras</strong> &amp; <a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer">lien</a></p>',
        '<ol><li>un</li></ol>',
        '<blockquote><em>cité</em></blockquote>',
        '<pre><code>if (a &lt; b) {}</code></pre>',
        '<img src="/uploads/x.jpg" alt="Un &quot;chat&quot;" width="10" height="5" loading="lazy">',
      ].join('\n'),
    );
  });

  it('drops javascript: links and images but keeps their text', () => {
    const html = renderBlocks([
      {
        type: 'paragraph',
        children: [{ type: 'link', url: 'javascript:alert(1)', children: [{ type: 'text', text: 'clic' }] }],
      },
      { type: 'image', image: { url: 'javascript:alert(1)' }, children: [] },
    ]);
    expect(html).toBe('<p>clic</p>\n');
  });
});

describe('page heads', () => {
  it('gives an article its title, description, Open Graph, Twitter, canonical and NewsArticle', () => {
    const html = renderPage(TEMPLATE, SITE, articleHead(SITE, article()));
    const head = headOf(html);
    expect(head.title).toBe('Trouver un emploi – Kiosque');
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/name="description"/g)).toHaveLength(1);
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
    expect(html).toContain(
      `<link rel="alternate" type="application/rss+xml" title="Kiosque : derniers articles" href="${SITE}/rss.xml" />`,
    );
    expect(head.app).toContain('<h1>Trouver un emploi</h1>');
    expect(head.app).toContain('<p>Les bonnes pistes pour trouver un emploi.</p>');
    expect(head.app).toContain('<p>Le texte de l’article.</p>');
    expect(head.app).toContain(
      '<time datetime="2026-11-20T08:00:00.000Z">20 novembre 2026</time> par Awa Diop',
    );
    // The template's own script is still there for the SPA to take over.
    expect(html).toContain('<script type="module" crossorigin src="/assets/index-abc.js"></script>');
  });

  it('prefers the SEO fields: title, description, share image and canonical URL', () => {
    const html = renderPage(
      TEMPLATE,
      SITE,
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
    const head = headOf(html);
    expect(head.title).toBe('Emploi : les pistes');
    expect(head.metas.get('og:title')).toBe('Emploi : les pistes');
    expect(head.metas.get('description')).toBe('Une description pour les moteurs.');
    expect(head.metas.get('og:image')).toBe('https://cdn.example.org/share.png');
    expect(head.metas.get('og:image:alt')).toBe('Trouver un emploi');
    expect(head.metas.has('og:image:width')).toBe(false);
    expect(head.canonical).toBe('https://autre.example.org/original');
    expect(head.metas.get('og:url')).toBe('https://autre.example.org/original');
  });

  it('escapes a hostile title everywhere it goes', () => {
    const title = `</script><script>alert("x")</script> & <img src=x onerror=alert(1)> '`;
    const html = renderPage(
      TEMPLATE,
      SITE,
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
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"><b>');
    expect(html).not.toContain('javascript:');
    // Only the template's script and the JSON-LD element: nothing else opens a script.
    expect(html.match(/<script/g)).toHaveLength(2);
    const head = headOf(html);
    expect(head.title).toBe(escapeHtml(`${title} – Kiosque`));
    expect(head.jsonLd.headline).toBe(title);
    expect(head.canonical).toBe(`${SITE}/articles/trouver-un-emploi`);
  });

  it('writes $ patterns as they are (no replacement patterns)', () => {
    const html = renderPage(TEMPLATE, SITE, articleHead(SITE, article({ title: "$& $' $` $1" })));
    expect(headOf(html).metas.get('og:title')).toBe('$&amp; $&#39; $` $1');
  });

  it('describes the home and category pages, and marks an unknown page noindex', () => {
    const home = headOf(renderPage(TEMPLATE, SITE, homeHead(SITE)));
    expect(home.canonical).toBe(`${SITE}/`);
    expect(home.metas.get('og:type')).toBe('website');
    expect(home.jsonLd['@type']).toBe('WebSite');

    const category = headOf(
      renderPage(
        TEMPLATE,
        SITE,
        categoryHead(SITE, { documentId: 'c', name: 'Emploi & métiers', slug: 'emploi', description: null }),
      ),
    );
    expect(category.title).toBe('Emploi &amp; métiers – Kiosque');
    expect(category.metas.get('description')).toBe(
      'Les articles de la catégorie Emploi &amp; métiers sur Kiosque.',
    );
    expect(category.canonical).toBe(`${SITE}/categorie/emploi`);
    expect(category.app).toContain('<h1>Emploi &amp; métiers</h1>');

    const missing = headOf(renderPage(TEMPLATE, SITE, notFoundHead(SITE, '/articles/inconnu')));
    expect(missing.metas.get('robots')).toBe('noindex');
    expect(missing.canonical).toBeUndefined();
    expect(missing.app).toBe('');
  });

  it('refuses a template the head cannot be injected into', () => {
    expect(() => renderPage('<html><body></body></html>', SITE, homeHead(SITE))).toThrow(/index.html/);
  });
});
