import { describe, expect, it } from 'vitest';
import { htmlToBlocks, htmlToText, safeUrl, type Block } from './html-to-blocks';

const text = (value: string, marks: Record<string, true> = {}) => ({ type: 'text', text: value, ...marks });
const paragraph = (...children: unknown[]) => ({ type: 'paragraph', children });

const cases: [name: string, html: string, blocks: unknown[]][] = [
  [
    'classic: a blank line separates paragraphs',
    'Premier.\n\nSecond.',
    [paragraph(text('Premier.')), paragraph(text('Second.'))],
  ],
  [
    'classic: a single newline is a line break',
    'Ligne un\nligne deux',
    [paragraph(text('Ligne un\nligne deux'))],
  ],
  [
    'Gutenberg: block comments vanish, newlines are spaces',
    '<!-- wp:paragraph -->\n<p>Un\nparagraphe</p>\n<!-- /wp:paragraph -->',
    [paragraph(text('Un paragraphe'))],
  ],
  [
    'headings keep their level',
    '<h2>Titre</h2><h4>Sous-titre</h4>',
    [
      { type: 'heading', level: 2, children: [text('Titre')] },
      { type: 'heading', level: 4, children: [text('Sous-titre')] },
    ],
  ],
  [
    'marks: bold, italic, underline, strike, code',
    '<p><strong>g</strong><em>i</em><u>s</u><del>b</del><code>c</code></p>',
    [
      paragraph(
        text('g', { bold: true }),
        text('i', { italic: true }),
        text('s', { underline: true }),
        text('b', { strikethrough: true }),
        text('c', { code: true }),
      ),
    ],
  ],
  [
    'nested marks add up',
    '<p><b><i>les deux</i></b></p>',
    [paragraph(text('les deux', { bold: true, italic: true }))],
  ],
  [
    'links keep a safe address',
    '<p>Voir <a href="https://example.org/a" onclick="x()">ici</a>.</p>',
    [
      paragraph(
        text('Voir '),
        { type: 'link', url: 'https://example.org/a', children: [text('ici')] },
        text('.'),
      ),
    ],
  ],
  [
    'javascript: links become their text',
    '<p><a href="javascript:alert(1)">clic</a></p>',
    [paragraph(text('clic'))],
  ],
  [
    'obfuscated javascript: links too',
    '<p><a href=" jav&#x09;ascript:alert(1)">clic</a></p>',
    [paragraph(text('clic'))],
  ],
  [
    'data: links too',
    '<p><a href="data:text/html,<script>x</script>">clic</a></p>',
    [paragraph(text('clic'))],
  ],
  [
    'scripts, styles and iframes vanish with their content',
    '<p>a<script>alert(1)</script><style>p{}</style><iframe src="x">y</iframe>b</p>',
    [paragraph(text('ab'))],
  ],
  [
    'unknown markup becomes its text',
    '<p><span class="x" data-y="1">mot</span> <marquee>bandeau</marquee></p>',
    [paragraph(text('mot bandeau'))],
  ],
  [
    'shortcodes stay as their text',
    '[contact-form-7 id="42"]',
    [paragraph(text('[contact-form-7 id="42"]'))],
  ],
  ['entities are decoded once', '<p>&lt;b&gt; &amp; &eacute;</p>', [paragraph(text('<b> & é'))]],
  [
    'nested lists',
    '<ul><li>un<ul><li>un.un</li></ul></li><li>deux</li></ul>',
    [
      {
        type: 'list',
        format: 'unordered',
        children: [
          { type: 'list-item', children: [text('un')] },
          {
            type: 'list',
            format: 'unordered',
            indentLevel: 1,
            children: [{ type: 'list-item', children: [text('un.un')] }],
          },
          { type: 'list-item', children: [text('deux')] },
        ],
      },
    ],
  ],
  [
    'ordered lists',
    '<ol><li>a</li></ol>',
    [{ type: 'list', format: 'ordered', children: [{ type: 'list-item', children: [text('a')] }] }],
  ],
  [
    'quotes with their paragraphs and citation',
    '<blockquote><p>Phrase.</p><cite>Autrice</cite></blockquote>',
    [{ type: 'quote', children: [text('Phrase.\nAutrice')] }],
  ],
  [
    'code blocks keep their lines',
    '<pre><code>a = 1;\n  b();</code></pre>',
    [{ type: 'code', children: [text('a = 1;\n  b();')] }],
  ],
  ['line breaks', '<p>a<br>b</p>', [paragraph(text('a\nb'))]],
  [
    'images with their alt text, out of their paragraph',
    '<p>Avant <img src="/wp-content/uploads/x.jpg" alt="Une photo" onerror="x()"> après</p>',
    [
      paragraph(text('Avant')),
      {
        type: 'image',
        image: { url: '/wp-content/uploads/x.jpg', alternativeText: 'Une photo', name: 'x.jpg' },
        children: [text('')],
      },
      paragraph(text('après')),
    ],
  ],
  ['images with a javascript: address vanish', '<img src="javascript:alert(1)">', []],
  [
    '[caption] around an image is unwrapped',
    '[caption id="a"]<img src="https://b.example/wp-content/uploads/c.png" alt="">Légende[/caption]',
    [
      {
        type: 'image',
        image: { url: 'https://b.example/wp-content/uploads/c.png', alternativeText: '', name: 'c.png' },
        children: [text('')],
      },
      paragraph(text('Légende')),
    ],
  ],
  ['empty paragraphs vanish', '<p> </p><p>&nbsp;</p>', []],
  ['emoji and accents survive', '<p>Réussir 🎯</p>', [paragraph(text('Réussir 🎯'))]],
];

describe('htmlToBlocks', () => {
  it.each(cases)('%s', (_name, html, blocks) => {
    expect(htmlToBlocks(html).blocks).toEqual(blocks as Block[]);
  });

  it('never lets markup, event attributes or scripts through, whatever the input', () => {
    const hostile = [
      '<img src=x onerror=alert(1)>',
      '<svg><script>alert(1)</script></svg>',
      '<a href="JaVaScRiPt:alert(1)">x</a>',
      '<p style="background:url(javascript:alert(1))" onmouseover="alert(1)">y</p>',
      '<<script>script>alert(1)<</script>/script>',
      '<object data="x.swf"></object><embed src="x"><form action="x"><input></form>',
      '<a href="vbscript:msgbox(1)">v</a><a href="&#106;avascript:alert(1)">w</a>',
    ].join('\n\n');
    const json = JSON.stringify(htmlToBlocks(hostile).blocks);
    expect(json).not.toMatch(/javascript|vbscript|onerror|onmouseover|<script|style=|swf/i);
  });
});

describe('htmlToText', () => {
  it.each([
    ['<p>Un</p><p>Deux</p>', 'Un\n\nDeux'],
    ['Ligne<br/>suivante', 'Ligne\nsuivante'],
    ['<b>gras</b> &amp; <script>x()</script>fin', 'gras & fin'],
  ])('%j → %j', (html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe('safeUrl', () => {
  it.each([
    ['https://example.org', 'https://example.org'],
    ['/relatif', '/relatif'],
    ['mailto:a@example.org', 'mailto:a@example.org'],
    ['javascript:alert(1)', undefined],
    ['java\nscript:alert(1)', undefined],
    ['data:text/html;base64,xx', undefined],
    ['', undefined],
  ])('%j → %j', (raw, expected) => {
    expect(safeUrl(raw)).toBe(expected);
  });
});
