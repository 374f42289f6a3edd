/**
 * Which links an article may carry, for both renderers of an article body: the page server's HTML
 * (web/server/html.ts) and the SPA's Vue nodes (web/src/components/ArticleBody.vue). One rule, so the
 * two never disagree about a link an editor typed or pasted.
 *
 * - A path on this site starts with one `/`. It holds no control character, no whitespace and no
 *   backslash (not even percent-encoded): browsers drop tabs and newlines and read `\` as `/`, so
 *   `/\evil.example` or `/<TAB>/evil.example` lead to another host. Resolved as a browser would
 *   (WHATWG URL, against a placeholder origin) it must stay on that origin, and its normalised form,
 *   which is what the renderers emit, must resolve to the same place (`/..//evil` normalises to
 *   `//evil`, another host).
 * - An absolute link is http, https or mailto, without control characters; its normalised form is
 *   emitted. Anything else (javascript:, data:, vbscript:, relative paths without a leading `/`) is
 *   refused: the renderers keep the words and drop the link.
 */

export type SafeLink =
  /** A path on this site, with its query and fragment. */
  | { kind: 'path'; href: string }
  /** Another site, over http or https. */
  | { kind: 'web'; href: string }
  | { kind: 'mail'; href: string };

const PLACEHOLDER_ORIGIN = 'https://site.invalid';
const CONTROL = /[\p{Cc}\p{Cf}]/u;
const UNSAFE_IN_PATH = /[\s\\]|%5c/iu;
const ABSOLUTE_KINDS: Record<string, SafeLink['kind']> = {
  'http:': 'web',
  'https:': 'web',
  'mailto:': 'mail',
};

function parse(value: string, base?: string): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}

function sitePath(value: string): SafeLink | null {
  if (!value.startsWith('/') || UNSAFE_IN_PATH.test(value)) return null;
  const resolved = parse(value, `${PLACEHOLDER_ORIGIN}/`);
  if (resolved?.origin !== PLACEHOLDER_ORIGIN) return null;
  const href = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  return parse(href, `${PLACEHOLDER_ORIGIN}/`)?.href === resolved.href ? { kind: 'path', href } : null;
}

/** The link to emit for what an editor entered (spaces around it are ignored), or null for none. */
export function safeLink(candidate: unknown): SafeLink | null {
  if (typeof candidate !== 'string') return null;
  const value = candidate.trim();
  if (value === '' || CONTROL.test(value)) return null;
  const absolute = parse(value);
  if (absolute === null) return sitePath(value);
  const kind = ABSOLUTE_KINDS[absolute.protocol];
  return kind === undefined ? null : { kind, href: absolute.href };
}
