import { gzipSync } from 'node:zlib';

/**
 * What a page may weigh before it is usable, gzip, images apart (issue 17): readers arrive from
 * WhatsApp and Telegram links on phones and slow networks, where each kilobyte is time.
 */
export const BYTE_BUDGET = { totalKb: 100, javaScriptKb: 75 } as const;

export interface PageFile {
  url: string;
  kind: 'html' | 'css' | 'js';
  /** gzip at level 9: deterministic, and about what a browser receives. */
  gzipBytes: number;
}

export interface PageWeight {
  files: PageFile[];
  htmlKb: number;
  cssKb: number;
  javaScriptKb: number;
  totalKb: number;
}

const SCRIPT = /<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g;
const MODULE_PRELOAD = /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g;
const STYLESHEET = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g;
// A module's static imports as a bundler writes them (`import{a as b}from"./x.js"`, `import"./y.js"`);
// `import(` (loaded later, when needed) is not one: nothing between `import` and the quote may be `(`.
const STATIC_IMPORT = /\bimport\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+\.js)["']/g;

const gzipBytes = (body: Buffer): number => gzipSync(body, { level: 9 }).length;

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * What the page at `pageUrl` makes a browser load before it is usable, read as a browser reads it:
 * the HTML (with what is inlined in it), its stylesheets, its module scripts, their module preloads
 * and every module they import statically, each file once. What loads later (a dynamic `import()`,
 * images) is not counted.
 */
export async function pageWeight(pageUrl: string): Promise<PageWeight> {
  const html = await download(pageUrl);
  const text = html.toString('utf8');
  const files: PageFile[] = [{ url: pageUrl, kind: 'html', gzipBytes: gzipBytes(html) }];
  const seen = new Set<string>();
  const resolve = (href: string, base: string) => new URL(href, base).href;

  for (const match of text.matchAll(STYLESHEET)) {
    const url = resolve(match[1], pageUrl);
    if (seen.has(url)) continue;
    seen.add(url);
    files.push({ url, kind: 'css', gzipBytes: gzipBytes(await download(url)) });
  }
  const scripts = [...text.matchAll(SCRIPT), ...text.matchAll(MODULE_PRELOAD)].map((match) =>
    resolve(match[1], pageUrl),
  );
  while (scripts.length > 0) {
    const url = scripts.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    const body = await download(url);
    files.push({ url, kind: 'js', gzipBytes: gzipBytes(body) });
    for (const match of body.toString('utf8').matchAll(STATIC_IMPORT)) scripts.push(resolve(match[1], url));
  }

  const kb = (kind: PageFile['kind']) =>
    files.filter((file) => file.kind === kind).reduce((sum, file) => sum + file.gzipBytes, 0) / 1024;
  const [htmlKb, cssKb, javaScriptKb] = [kb('html'), kb('css'), kb('js')];
  return { files, htmlKb, cssKb, javaScriptKb, totalKb: htmlKb + cssKb + javaScriptKb };
}

/** One line for the bench and the test's failure message: `article 81.2 KB (HTML 12.3, CSS 0, JS 68.9)`. */
export function describeWeight(name: string, weight: PageWeight): string {
  const f = (value: number) => value.toFixed(1);
  return `${name} ${f(weight.totalKb)} KB (HTML ${f(weight.htmlKb)}, CSS ${f(weight.cssKb)}, JS ${f(weight.javaScriptKb)}; ${weight.files.length} files)`;
}
