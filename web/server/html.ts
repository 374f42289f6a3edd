import type { BlocksContent, BlocksInlineNode, BlocksNode } from '@kiosque/shared';

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

/** An absolute http(s) URL, or a path on this site; anything else (javascript:, data:…) is refused. */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  const trimmed = url.trim();
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return trimmed;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' || parsed.protocol === 'mailto:'
      ? parsed.href
      : undefined;
  } catch {
    return undefined;
  }
}

function renderInline(node: BlocksInlineNode): string {
  if (node.type === 'link') {
    const inner = (node.children ?? []).map(renderInline).join('');
    const href = safeUrl(node.url);
    return href === undefined ? inner : `<a href="${escapeHtml(href)}" rel="noopener">${inner}</a>`;
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
      const src = safeUrl(node.image?.url);
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

/** An article body (Strapi blocks) as plain, safe HTML: every text escaped, only http(s) links. */
export function renderBlocks(body: BlocksContent | null | undefined): string {
  if (!Array.isArray(body)) return '';
  return body.map((node) => renderBlock(node)).join('\n');
}
