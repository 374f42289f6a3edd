import { PAGE_DATA_ELEMENT_ID, jsonForScript, type RenderedPage } from '@kiosque/shared';

const TITLE = /<title>[\s\S]*?<\/title>\s*/i;
const DESCRIPTION = /<meta\s+name="description"[^>]*>\s*/i;
const HTML_OPEN = /<html([^>]*)>/i;
const HEAD_END = /<\/head>/i;
const APP = /<div id="app"><\/div>/;

/** Throws when the SPA's index.html lacks what a rendered page goes into, so a changed template fails loudly. */
export function checkTemplate(template: string): void {
  for (const [name, pattern] of [
    ['<html>', HTML_OPEN],
    ['</head>', HEAD_END],
    ['<div id="app"></div>', APP],
  ] as const) {
    if (!pattern.test(template))
      throw new Error(`index.html has no ${name}: cannot put a rendered page in it.`);
  }
}

/**
 * The SPA's index.html with a server-rendered page: its head tags in place of the template's title
 * and description, its HTML inside `#app`, and the state it was rendered with as inert JSON the
 * browser hydrates from (never run: `type="application/json"`, escaped so that nothing in it can end
 * the element). Replacements are functions, so that `$&` in content stays as written.
 */
export function renderDocument(template: string, page: RenderedPage, preloads: string[] = []): string {
  const tags = [page.headTags, ...preloads].filter((tag) => tag !== '').join('\n    ');
  const state = `<script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">${jsonForScript(page.state)}</script>`;
  return template
    .replace(TITLE, '')
    .replace(DESCRIPTION, '')
    .replace(HTML_OPEN, (open: string, attributes: string) =>
      page.htmlAttrs === '' ? open : `<html${attributes} ${page.htmlAttrs}>`,
    )
    .replace(HEAD_END, () => `  ${tags}\n  </head>`)
    .replace(APP, () => `<div id="app">${page.appHtml}</div>\n    ${state}`);
}

/**
 * The SPA shell, for a page that could not be rendered or a draft preview: the template as built,
 * the SPA renders everything in the browser. `noindex` keeps it out of search engines.
 */
export function shellDocument(template: string, { noindex = false, preloads = [] as string[] } = {}): string {
  const tags = [noindex ? '<meta name="robots" content="noindex">' : '', ...preloads].filter(
    (tag) => tag !== '',
  );
  return tags.length === 0
    ? template
    : template.replace(HEAD_END, () => `  ${tags.join('\n    ')}\n  </head>`);
}
