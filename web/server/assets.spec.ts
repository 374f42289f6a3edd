// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineStylesheets } from './assets';

const TEMPLATE =
  '<html><head><title>Kiosque</title><script type="module" crossorigin src="/assets/index-1.js"></script>' +
  '<link rel="stylesheet" crossorigin href="/assets/style-1.css"></head><body><div id="app"></div></body></html>';

let dist: string;

beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'kiosque-assets-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(
    path.join(dist, 'assets', 'style-1.css'),
    'h1{color:red}.a::after{content:"</style><script>"}',
  );
});

afterAll(() => {
  rmSync(dist, { recursive: true, force: true });
});

describe('inlineStylesheets', () => {
  it('puts the stylesheet inside the page in place of its link, unable to end its element early', () => {
    const html = inlineStylesheets(TEMPLATE, dist);

    expect(html).not.toContain('<link rel="stylesheet"');
    expect(html).toContain('<style>h1{color:red}.a::after{content:"<\\/style><script>"}</style>');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    // Everything else as built.
    expect(html).toContain('<script type="module" crossorigin src="/assets/index-1.js"></script>');
  });

  it('leaves the link when the stylesheet is too large to repeat in every page, or missing', () => {
    expect(inlineStylesheets(TEMPLATE, dist, 10)).toBe(TEMPLATE);
    const missing = TEMPLATE.replace('style-1.css', 'absent-1.css');
    expect(inlineStylesheets(missing, dist)).toBe(missing);
  });
});
