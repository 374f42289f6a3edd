import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

/*
 * A WordPress post's HTML (classic editor or Gutenberg) as the article body's Strapi blocks. Only
 * what the blocks format can say survives: paragraphs, headings, lists (nested), quotes, code,
 * images, links and the bold/italic/underline/strike/code marks. Nothing of the markup is copied:
 * every attribute is dropped except a link's address (http, https, mailto or tel only) and an
 * image's address and alternative text, so `<script>`, event attributes and `javascript:` links
 * cannot reach a reader. Unknown elements become their text; shortcodes stay as their own text,
 * except `[caption]`, WordPress's wrapper around an image and its caption, which is unwrapped.
 */

export interface Marks {
  bold?: true;
  italic?: true;
  underline?: true;
  strikethrough?: true;
  code?: true;
}
export type TextNode = { type: 'text'; text: string } & Marks;
export type LinkNode = { type: 'link'; url: string; children: TextNode[] };
export type InlineNode = TextNode | LinkNode;
export type ListItemBlock = { type: 'list-item'; children: InlineNode[] };
export type ListBlock = {
  type: 'list';
  format: 'ordered' | 'unordered';
  indentLevel?: number;
  children: (ListItemBlock | ListBlock)[];
};
/** An image as found in the post: `image.url` is the address in the post until the importer uploads it. */
export type ImageBlock = {
  type: 'image';
  image: { url: string; alternativeText: string; name: string };
  children: [{ type: 'text'; text: '' }];
};
export type Block =
  | { type: 'paragraph'; children: InlineNode[] }
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: InlineNode[] }
  | { type: 'quote'; children: InlineNode[] }
  | { type: 'code'; children: [TextNode] }
  | ListBlock
  | ImageBlock;

const MARK_OF: Record<string, keyof Marks> = {
  strong: 'bold',
  b: 'bold',
  em: 'italic',
  i: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  code: 'code',
  kbd: 'code',
  samp: 'code',
  tt: 'code',
};

/** Dropped with everything inside: code, styles, embeds, forms. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'video',
  'audio',
  'source',
  'track',
  'head',
  'title',
  'link',
  'meta',
  'base',
]);

/** Elements that end the paragraph before them and start a new one after. */
const BLOCK_CONTAINERS = new Set([
  'p',
  'div',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'main',
  'nav',
  'figure',
  'figcaption',
  'center',
  'address',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'caption',
  'hr',
  'body',
  'html',
]);
const HEADINGS: Record<string, 1 | 2 | 3 | 4 | 5 | 6> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
const BLOCK_LEVEL = new Set([
  ...BLOCK_CONTAINERS,
  ...Object.keys(HEADINGS),
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'img',
]);

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** The link's address when it is safe to follow: http(s), mailto, tel, or relative to the site. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
  const href = raw
    .trim()
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, '')
    .replace(/ /g, '%20');
  if (href === '' || href.length > 2000) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(href, 'https://relative.invalid/');
  } catch {
    return undefined;
  }
  if (!SAFE_PROTOCOLS.has(parsed.protocol)) return undefined;
  return href;
}

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function hasBlockDescendant(element: Element): boolean {
  return element.children.some(
    (child) => isElement(child) && (BLOCK_LEVEL.has(child.name) || hasBlockDescendant(child)),
  );
}

function textContent(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (node.type === 'cdata' || isElement(node)) {
    if (isElement(node) && DROPPED.has(node.name)) return '';
    if (isElement(node) && node.name === 'br') return '\n';
    return node.children.map((child) => textContent(child as ChildNode)).join('');
  }
  return '';
}

const sameMarks = (a: TextNode, b: TextNode) =>
  a.bold === b.bold &&
  a.italic === b.italic &&
  a.underline === b.underline &&
  a.strikethrough === b.strikethrough &&
  a.code === b.code;

/** Joins neighbouring texts with the same marks, collapses spaces, trims the run's ends. */
function tidy(nodes: InlineNode[]): InlineNode[] {
  const merged: InlineNode[] = [];
  for (const node of nodes) {
    const last = merged[merged.length - 1];
    if (node.type === 'text' && last?.type === 'text' && sameMarks(last, node)) {
      merged[merged.length - 1] = { ...last, text: last.text + node.text };
    } else if (node.type === 'link') {
      const children = tidy(node.children) as TextNode[];
      if (children.length > 0) merged.push({ ...node, children });
    } else {
      merged.push({ ...node });
    }
  }
  for (const node of merged) {
    if (node.type === 'text') node.text = node.text.replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n');
  }
  const trimEdge = (node: InlineNode | undefined, edge: 'start' | 'end') => {
    const text =
      node?.type === 'link' ? node.children[edge === 'start' ? 0 : node.children.length - 1] : node;
    if (text) text.text = edge === 'start' ? text.text.replace(/^\s+/, '') : text.text.replace(/\s+$/, '');
  };
  trimEdge(merged[0], 'start');
  trimEdge(merged[merged.length - 1], 'end');
  return merged.filter((node) => node.type === 'link' || node.text !== '');
}

const hasText = (nodes: InlineNode[]): boolean =>
  nodes.some((node) => (node.type === 'text' ? node.text.trim() !== '' : hasText(node.children)));

export interface ConvertOptions {
  /**
   * Classic-editor content, stored the way WordPress's `wpautop` reads it: a blank line separates
   * paragraphs and a single line break is a line break. Gutenberg content (with `<!-- wp:… -->`
   * comments) is real HTML, where line breaks are spaces. Guessed from the content when not given.
   */
  classic?: boolean;
}

export interface Conversion {
  blocks: Block[];
  /** The images the post shows, in order, by their address in the post. */
  images: { src: string; alt: string }[];
}

const CAPTION_SHORTCODE = /\[\/?caption\b[^\]]*\]/g;

export function isGutenberg(html: string): boolean {
  return /<!--\s*wp:/.test(html);
}

/** Converts one post's HTML to blocks. Pure: the same HTML gives the same blocks. */
export function htmlToBlocks(html: string, options: ConvertOptions = {}): Conversion {
  const classic = options.classic ?? !isGutenberg(html);
  const document = parseDocument(html.replace(CAPTION_SHORTCODE, ''), {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  });
  const blocks: Block[] = [];
  const images: Conversion['images'] = [];
  let buffer: InlineNode[] = [];

  function flush(): void {
    const children = tidy(buffer);
    buffer = [];
    if (hasText(children)) blocks.push({ type: 'paragraph', children });
  }

  function imageBlock(element: Element): ImageBlock | undefined {
    const src = safeUrl(element.attribs.src);
    if (!src || src.startsWith('mailto:') || src.startsWith('tel:')) return undefined;
    const alt = (element.attribs.alt ?? '').trim().slice(0, 500);
    images.push({ src, alt });
    const name = decodeURIComponent(src.split(/[?#]/)[0].split('/').pop() ?? '') || 'image';
    return {
      type: 'image',
      image: { url: src, alternativeText: alt, name },
      children: [{ type: 'text', text: '' }],
    };
  }

  /**
   * The inline content of `nodes` into `out`. `lineBreaks`: a newline in the text is a line break
   * (classic content outside lists and headings); otherwise it is a space. Images met on the way go
   * to `hoisted`, to be placed after the block they were in (blocks cannot hold an image).
   */
  function inline(
    nodes: ChildNode[],
    marks: Marks,
    out: InlineNode[],
    lineBreaks: boolean,
    hoisted: Block[],
  ): void {
    for (const node of nodes) {
      if (node.type === 'text' || node.type === 'cdata') {
        const raw = node.type === 'text' ? node.data : textContent(node);
        const text = lineBreaks
          ? raw.replace(/\r\n?/g, '\n').replace(/\n\s*\n/g, '\n')
          : raw.replace(/\s+/g, ' ');
        out.push({ type: 'text', text: text.replace(/[\t\f\v\r ]+/g, ' '), ...marks });
        continue;
      }
      if (!isElement(node) || DROPPED.has(node.name)) continue;
      const { name } = node;
      if (name === 'br') {
        out.push({ type: 'text', text: '\n', ...marks });
      } else if (name === 'img') {
        const image = imageBlock(node);
        if (image) hoisted.push(image);
      } else if (name === 'a') {
        const url = safeUrl(node.attribs.href);
        if (!url) {
          inline(node.children, marks, out, lineBreaks, hoisted);
          continue;
        }
        const inner: InlineNode[] = [];
        inline(node.children, marks, inner, lineBreaks, hoisted);
        const texts = inner.flatMap((child) => (child.type === 'link' ? child.children : [child]));
        if (texts.length > 0) out.push({ type: 'link', url, children: texts });
      } else if (MARK_OF[name]) {
        inline(node.children, { ...marks, [MARK_OF[name]]: true }, out, lineBreaks, hoisted);
      } else if (BLOCK_LEVEL.has(name)) {
        // A block inside an inline context (a paragraph in a list item, a list in a quote): its
        // text, on a line of its own.
        out.push({ type: 'text', text: lineBreaks ? '\n' : ' ' });
        if (name === 'ul' || name === 'ol') {
          for (const item of node.children) {
            if (isElement(item) && item.name === 'li') {
              inline(item.children, marks, out, lineBreaks, hoisted);
              out.push({ type: 'text', text: lineBreaks ? '\n' : ' ' });
            }
          }
        } else {
          inline(node.children, marks, out, lineBreaks, hoisted);
        }
        out.push({ type: 'text', text: lineBreaks ? '\n' : ' ' });
      } else {
        inline(node.children, marks, out, lineBreaks, hoisted);
      }
    }
  }

  function list(element: Element, marks: Marks, indentLevel: number, hoisted: Block[]): ListBlock {
    const children: ListBlock['children'] = [];
    for (const child of element.children) {
      if (!isElement(child) || child.name !== 'li') continue;
      const content = child.children.filter(
        (node) => !(isElement(node) && (node.name === 'ul' || node.name === 'ol')),
      );
      const item = tidy(collect(content, marks, false, hoisted));
      if (hasText(item)) children.push({ type: 'list-item', children: item });
      for (const nested of child.children) {
        if (isElement(nested) && (nested.name === 'ul' || nested.name === 'ol')) {
          const sublist = list(nested, marks, indentLevel + 1, hoisted);
          if (sublist.children.length > 0) children.push(sublist);
        }
      }
    }
    return {
      type: 'list',
      format: element.name === 'ol' ? 'ordered' : 'unordered',
      ...(indentLevel > 0 ? { indentLevel } : {}),
      children,
    };
  }

  function collect(nodes: ChildNode[], marks: Marks, lineBreaks: boolean, hoisted: Block[]): InlineNode[] {
    const out: InlineNode[] = [];
    inline(nodes, marks, out, lineBreaks, hoisted);
    return out;
  }

  function block(nodes: ChildNode[], marks: Marks): void {
    for (const node of nodes) {
      if (node.type === 'text' || node.type === 'cdata') {
        const raw = (node.type === 'text' ? node.data : textContent(node)).replace(/\r\n?/g, '\n');
        if (!classic) {
          buffer.push({ type: 'text', text: raw.replace(/\s+/g, ' '), ...marks });
          continue;
        }
        // wpautop: a blank line ends a paragraph, a single newline is a line break.
        const parts = raw.split(/\n[ \t]*\n\s*/);
        parts.forEach((part, index) => {
          if (index > 0) flush();
          buffer.push({ type: 'text', text: part.replace(/[\t\f\v ]+/g, ' '), ...marks });
        });
        continue;
      }
      if (!isElement(node) || DROPPED.has(node.name)) continue;
      const { name } = node;
      const hoisted: Block[] = [];
      if (HEADINGS[name]) {
        flush();
        const children = tidy(collect(node.children, marks, false, hoisted));
        if (hasText(children)) blocks.push({ type: 'heading', level: HEADINGS[name], children });
      } else if (name === 'ul' || name === 'ol') {
        flush();
        const built = list(node, marks, 0, hoisted);
        if (built.children.length > 0) blocks.push(built);
      } else if (name === 'blockquote') {
        flush();
        const children = tidy(collect(node.children, marks, true, hoisted));
        if (hasText(children)) blocks.push({ type: 'quote', children });
      } else if (name === 'pre') {
        flush();
        const text = textContent(node)
          .replace(/\r\n?/g, '\n')
          .replace(/^\n+|\s+$/g, '');
        if (text !== '') blocks.push({ type: 'code', children: [{ type: 'text', text }] });
      } else if (name === 'img') {
        flush();
        const image = imageBlock(node);
        if (image) blocks.push(image);
      } else if (BLOCK_CONTAINERS.has(name) || name === 'li') {
        flush();
        block(node.children, marks);
        flush();
      } else if (hasBlockDescendant(node)) {
        // An inline element around blocks (`<a><img></a>`, `<strong><p>…</p></strong>`): its blocks.
        block(node.children, MARK_OF[name] ? { ...marks, [MARK_OF[name]]: true } : marks);
      } else {
        inline([node], marks, buffer, classic, hoisted);
      }
      for (const image of hoisted) {
        flush();
        blocks.push(image);
      }
    }
  }

  block(document.children, {});
  flush();
  return { blocks, images };
}

/** The plain text of some HTML (a comment, an excerpt): tags dropped, entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  const document = parseDocument(html, { decodeEntities: true });
  const paragraphs: string[] = [];
  let current = '';
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === 'text') current += node.data;
      else if (isElement(node) && !DROPPED.has(node.name)) {
        if (node.name === 'br') current += '\n';
        else if (node.name === 'p' || node.name === 'div' || node.name === 'blockquote') {
          paragraphs.push(current);
          current = '';
          walk(node.children);
          paragraphs.push(current);
          current = '';
        } else walk(node.children);
      }
    }
  };
  walk(document.children);
  paragraphs.push(current);
  return paragraphs
    .flatMap((paragraph) => paragraph.replace(/\r\n?/g, '\n').split(/\n\s*\n/))
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line !== '')
        .join('\n'),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}
