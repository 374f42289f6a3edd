import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { BlocksContent, BlocksInlineNode } from '@kiosque/shared';
import { HOSTILE_LINKS, KEPT_LINKS } from '../utils/hostileLinks.fixtures';
import ArticleBody from './ArticleBody.vue';

function render(content: BlocksContent) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:pathMatch(.*)*', component: { render: () => null } }],
  });
  return mount(ArticleBody, { props: { content }, global: { plugins: [router] } });
}

function paragraph(...children: BlocksInlineNode[]): BlocksContent[number] {
  return { type: 'paragraph', children };
}

function link(url: string, text: string): BlocksInlineNode {
  return { type: 'link', url, children: [{ type: 'text', text }] };
}

describe('ArticleBody', () => {
  it('renders paragraphs, headings, quotes, code and images as their HTML elements', () => {
    const body = render([
      paragraph({ type: 'text', text: 'Introduction.' }),
      { type: 'heading', level: 2, children: [{ type: 'text', text: 'Un intertitre' }] },
      { type: 'heading', level: 3, children: [{ type: 'text', text: 'Un sous-titre' }] },
      { type: 'quote', children: [{ type: 'text', text: 'Une citation.' }] },
      { type: 'code', children: [{ type: 'text', text: 'npm start' }] },
      {
        type: 'image',
        image: {
          url: 'https://cdn.example.org/photo.jpg',
          alternativeText: 'Une équipe',
          width: 800,
          height: 600,
        },
        children: [{ type: 'text', text: '' }],
      },
    ]);

    expect(body.find('p').text()).toBe('Introduction.');
    expect(body.find('h2').text()).toBe('Un intertitre');
    expect(body.find('h3').text()).toBe('Un sous-titre');
    expect(body.find('blockquote').text()).toBe('Une citation.');
    expect(body.find('pre > code').text()).toBe('npm start');
    const image = body.find('figure > img');
    expect(image.attributes()).toMatchObject({
      src: 'https://cdn.example.org/photo.jpg',
      alt: 'Une équipe',
      width: '800',
      height: '600',
    });
  });

  it('starts headings at h2 because the article title is the page’s h1', () => {
    const body = render([{ type: 'heading', level: 1, children: [{ type: 'text', text: 'Titre' }] }]);

    expect(body.find('h1').exists()).toBe(false);
    expect(body.find('h2').text()).toBe('Titre');
  });

  it('renders bold, italic, underlined, struck-through and inline-code text with matching elements', () => {
    const body = render([
      paragraph(
        { type: 'text', text: 'gras', bold: true },
        { type: 'text', text: 'italique', italic: true },
        { type: 'text', text: 'souligné', underline: true },
        { type: 'text', text: 'barré', strikethrough: true },
        { type: 'text', text: 'code', code: true },
        { type: 'text', text: 'tout', bold: true, italic: true },
      ),
    ]);

    expect(body.find('p > strong').text()).toBe('gras');
    expect(body.find('p > em').text()).toBe('italique');
    expect(body.find('p > u').text()).toBe('souligné');
    expect(body.find('p > s').text()).toBe('barré');
    expect(body.find('p > code').text()).toBe('code');
    expect(body.find('strong > em').text()).toBe('tout');
  });

  it('turns a line break inside a text into <br>', () => {
    const body = render([paragraph({ type: 'text', text: 'Ligne 1\nLigne 2' })]);

    expect(body.find('p').html()).toContain('Ligne 1<br>Ligne 2');
  });

  it('renders lists and puts a nested list inside the item it follows', () => {
    const body = render([
      {
        type: 'list',
        format: 'unordered',
        children: [
          { type: 'list-item', children: [{ type: 'text', text: 'Un' }] },
          {
            type: 'list',
            format: 'ordered',
            children: [{ type: 'list-item', children: [{ type: 'text', text: 'Un point un' }] }],
          },
          { type: 'list-item', children: [{ type: 'text', text: 'Deux' }] },
        ],
      },
    ]);

    const items = body.findAll('ul > li');
    expect(items).toHaveLength(2);
    expect(items[0]?.find('ol > li').text()).toBe('Un point un');
    expect(items[1]?.text()).toBe('Deux');
  });

  it('shows HTML typed in a text as text instead of interpreting it', () => {
    const body = render([paragraph({ type: 'text', text: '<img src="x" onerror="alert(1)"><b>gras</b>' })]);

    expect(body.find('img').exists()).toBe(false);
    expect(body.find('b').exists()).toBe(false);
    expect(body.find('p').text()).toBe('<img src="x" onerror="alert(1)"><b>gras</b>');
  });

  it.each(HOSTILE_LINKS)('keeps the words of a link to %j but does not make it a link', (url) => {
    const body = render([paragraph(link(url, 'cliquez ici'))]);

    expect(body.find('a').exists()).toBe(false);
    expect(body.find('p').text()).toBe('cliquez ici');
  });

  it.each([...HOSTILE_LINKS.map((url) => [url, undefined] as const), ...KEPT_LINKS])(
    'links %j as shared/’s safeLink says (to %j)',
    (url, expected) => {
      const body = render([paragraph(link(url, 'lien'))]);

      expect(body.find('a').exists() ? body.find('a').attributes('href') : undefined).toBe(expected);
    },
  );

  it('leaves out an image whose address would lead the browser to another host', () => {
    const body = render([{ type: 'image', image: { url: '/\t/evil.example/x.png' }, children: [] }]);

    expect(body.find('img').exists()).toBe(false);
  });

  it('links to other sites with rel="noopener noreferrer"', () => {
    const body = render([paragraph(link('https://www.example.org/guide', 'le guide'))]);

    const anchor = body.find('a');
    expect(anchor.attributes('href')).toBe('https://www.example.org/guide');
    expect(anchor.attributes('rel')).toBe('noopener noreferrer');
    expect(anchor.text()).toBe('le guide');
  });

  it('links to another page of the site within the app', () => {
    const body = render([paragraph(link('/articles/autre-article', 'un autre article'))]);

    const anchor = body.find('a');
    expect(anchor.attributes('href')).toBe('/articles/autre-article');
    expect(anchor.attributes('rel')).toBeUndefined();
  });

  it('loads an image uploaded to the CMS from the CMS origin, with an empty alt when it has none', () => {
    const body = render([
      { type: 'image', image: { url: '/uploads/photo.jpg', alternativeText: null }, children: [] },
    ]);

    expect(body.find('img').attributes('src')).toBe('http://localhost:1337/uploads/photo.jpg');
    expect(body.find('img').attributes('alt')).toBe('');
  });

  it('leaves out an image whose address is neither a web address nor on the CMS', () => {
    const body = render([
      { type: 'image', image: { url: 'javascript:alert(1)', alternativeText: 'x' }, children: [] },
    ]);

    expect(body.find('img').exists()).toBe(false);
  });

  it('skips block types it does not know and renders the rest', () => {
    const body = render([
      { type: 'video', url: 'https://example.org/v.mp4' } as unknown as BlocksContent[number],
      paragraph({ type: 'text', text: 'Après la vidéo.' }),
    ]);

    expect(body.text()).toBe('Après la vidéo.');
  });
});
