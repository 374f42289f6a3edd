import { safeLink, type BlocksContent, type BlocksInlineNode, type BlocksNode } from '@kiosque/shared';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/**
 * JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&` become \u escapes, so a
 * title holding `</script>` or `<!--` cannot end the element early; U+2028/2029 are escaped too.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The address to emit for a link: see `safeLink` (shared/) for which are accepted. */
export function safeUrl(url: string | null | undefined): string | undefined {
  return safeLink(url)?.href;
}

/** The address to emit for an image: a path on the site or an http(s) address, never mailto:. */
export function safeMediaUrl(url: string | null | undefined): string | undefined {
  const link = safeLink(url);
  return link === null || link.kind === 'mail' ? undefined : link.href;
}

function renderInline(node: BlocksInlineNode): string {
  if (node.type === 'link') {
    const inner = (node.children ?? []).map(renderInline).join('');
    const link = safeLink(node.url);
    if (link === null) return inner;
    // As the SPA renders it (ArticleBody.vue): other sites get rel="noopener noreferrer", paths none.
    const rel = link.kind === 'path' ? '' : ' rel="noopener noreferrer"';
    return `<a href="${escapeHtml(link.href)}"${rel}>${inner}</a>`;
  }
  if (node.type !== 'text' || typeof node.text !== 'string') return '';
  let html = escapeHtml(node.text);
  if (node.code) html = `<code>${html}</code>`;
  if (node.bold) html = `<strong>${html}</strong>`;
  if (node.italic) html = `<em>${html}</em>`;
  if (node.underline) html = `<u>${html}</u>`;
  if (node.strikethrough) html = `<s>${html}</s>`;
  return html;
}

function renderInlines(children: unknown): string {
  return Array.isArray(children)
    ? children.map((child) => renderInline(child as BlocksInlineNode)).join('')
    : '';
}

function renderBlock(node: BlocksNode): string {
  switch (node.type) {
    case 'paragraph':
      return `<p>${renderInlines(node.children)}</p>`;
    case 'heading': {
      // The page's own title is the one h1.
      const level = Math.min(6, Math.max(2, Number(node.level) || 2));
      return `<h${level}>${renderInlines(node.children)}</h${level}>`;
    }
    case 'quote':
      return `<blockquote>${renderInlines(node.children)}</blockquote>`;
    case 'code':
      return `<pre><code>${renderInlines(node.children)}</code></pre>`;
    case 'list': {
      const tag = node.format === 'ordered' ? 'ol' : 'ul';
      const items = (Array.isArray(node.children) ? node.children : []).map((item) =>
        item.type === 'list' ? renderBlock(item) : `<li>${renderInlines(item.children)}</li>`,
      );
      return `<${tag}>${items.join('')}</${tag}>`;
    }
    case 'image': {
      const src = safeMediaUrl(node.image?.url);
      if (src === undefined) return '';
      const size =
        Number.isInteger(node.image.width) && Number.isInteger(node.image.height)
          ? ` width="${node.image.width}" height="${node.image.height}"`
          : '';
      return `<img src="${escapeHtml(src)}" alt="${escapeHtml(node.image.alternativeText ?? '')}"${size} loading="lazy">`;
    }
    default:
      return '';
  }
}

/** An article body (Strapi blocks) as plain, safe HTML: every text escaped, only the links `safeLink` keeps. */
export function renderBlocks(body: BlocksContent | null | undefined): string {
  if (!Array.isArray(body)) return '';
  return body.map((node) => renderBlock(node)).join('\n');
}
