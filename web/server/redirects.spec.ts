// @vitest-environment node
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RenderPage } from '@kiosque/shared';
import { createRedirects } from './redirects';
import { createWebServer } from './server';

// The CMS's /api/redirects, as Strapi pages it (api::redirect), with an entry no redirect may follow.
let table: { from: string; to: string }[] = [
  { from: '/2024/03/reussir-entretien-visio', to: '/articles/reussir-entretien-visio' },
  { from: '/?p=101', to: '/articles/reussir-entretien-visio' },
  { from: '/2024/05/négocier-son-salaire', to: '/articles/negocier-son-salaire' },
  { from: '/category/emploi', to: '/categorie/emploi' },
  { from: '/articles/ancien', to: '/articles/nouveau' },
  { from: '/piege', to: '//piege.example/' },
];
let cmsRequests = 0;
const cms = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://cms.invalid');
  // The page server's content-version watch (content-version.ts) asks too: not what this file tests.
  if (url.pathname === '/_content-version') return void response.writeHead(404).end();
  cmsRequests += 1;
  const page = Number(url.searchParams.get('pagination[page]') ?? 1);
  const pageSize = Number(url.searchParams.get('pagination[pageSize]'));
  expect(url.pathname).toBe('/api/redirects');
  const pageSizeUsed = 4; // smaller than asked, to prove every page is read
  expect(pageSize).toBeGreaterThan(0);
  const data = table.slice((page - 1) * pageSizeUsed, page * pageSizeUsed);
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(
    JSON.stringify({
      data,
      meta: { pagination: { page, pageCount: Math.ceil(table.length / pageSizeUsed) } },
    }),
  );
});
// Every page a 404, as the renderer answers an address the CMS does not know.
const notFound: RenderPage = async (_url, context) => ({
  status: 404,
  route: 'other',
  appHtml: '<main>Introuvable</main>',
  headTags: '<meta name="robots" content="noindex">',
  htmlAttrs: '',
  state: { siteUrl: context.siteUrl, data: {} },
  tags: [],
});
let site: Server;
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
  const cmsUrl = `http://127.0.0.1:${(cms.address() as AddressInfo).port}`;
  const dist = mkdtempSync(path.join(tmpdir(), 'kiosque-redirects-'));
  mkdirSync(path.join(dist, '.vite'));
  writeFileSync(
    path.join(dist, 'index.html'),
    '<html><head><title>Kiosque</title></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(path.join(dist, '.vite', 'manifest.json'), '{}');
  site = createWebServer({
    distDir: dist,
    siteUrl: 'https://kiosque.example.org',
    cmsUrl,
    ssrEntry: notFound,
    redirects: createRedirects({ cmsUrl, refreshMs: 200 }),
    log: () => {},
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

afterAll(() => {
  site?.close();
  cms.close();
});

const get = (address: string) => fetch(`${base}${address}`, { redirect: 'manual' });

it.each([
  ['/2024/03/reussir-entretien-visio/', '/articles/reussir-entretien-visio'],
  ['/2024/03/reussir-entretien-visio', '/articles/reussir-entretien-visio'],
  ['/?p=101', '/articles/reussir-entretien-visio'],
  ['/?p=101&utm_source=lettre', '/articles/reussir-entretien-visio'],
  ['/2024/05/n%C3%A9gocier-son-salaire/', '/articles/negocier-son-salaire'],
  ['/category/emploi/', '/categorie/emploi'],
])('answers the old address %s with a permanent redirect to %s', async (address, target) => {
  const response = await get(address);
  expect(response.status).toBe(301);
  expect(response.headers.get('location')).toBe(target);
});

it.each(['/articles/ancien', '/piege', '/', '/?p=999', '/inconnu/'])(
  'does not redirect %s',
  async (address) => {
    const response = await get(address);
    expect(response.status).not.toBe(301);
    expect(response.headers.get('location')).toBeNull();
  },
);

it('reads the list again in the background, without making readers wait', async () => {
  table = [...table, { from: '/2024/06/nouveau', to: '/articles/nouveau' }];
  expect((await get('/2024/06/nouveau')).status).not.toBe(301);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await get('/inconnu');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const response = await get('/2024/06/nouveau/');
  expect(response.status).toBe(301);
  expect(cmsRequests).toBeLessThan(20);
});
