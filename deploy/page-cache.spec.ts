import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderPage } from '@kiosque/shared';
import { PurgeHook } from '../cms/src/cache/purge-hook';
import type { ContentVersionWatch } from '../web/server/content-version';
import { createWebServer } from '../web/server/server';
import { freePort } from '../cms/tests/helpers/free-port';
import { NGINX } from './nginx-harness';

/*
 * Debian's nginx with deploy/page-cache.conf as the shared cache in front of the real page server
 * (web/server), and the CMS's purge hook (cms/src/cache/purge-hook.ts, PURGE_HOOK_MODE=refresh)
 * calling it. The CMS itself stands aside: the page server renders from content this spec changes
 * as an editor would, and follows a content version the spec moves with each change, as
 * /_content-version does (cms/tests/response-cache.spec.ts holds that and the hook's calls there).
 */

const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const DEPLOY = path.dirname(new URL(import.meta.url).pathname);
const SLUG = 'offres-de-stage-a-dakar';
const ARTICLE = `/articles/${SLUG}`;

// The article as the CMS holds it.
let published = true;
let title = 'Offres de stage à Dakar';
let version = 'v1';
const change = (apply: () => void) => {
  apply();
  version = `${version}+`;
};

const render: RenderPage = async (url, context) => {
  const pathname = url.split('?')[0];
  const found = pathname === '/' || (pathname === ARTICLE && published);
  return {
    status: found ? 200 : 404,
    route: pathname === '/' ? 'home' : 'article',
    appHtml: found
      ? `<main><h1>${title}</h1><p>${'Des stages rémunérés dans le numérique. '.repeat(60)}</p></main>`
      : '<main><h1>Article introuvable</h1></main>',
    headTags: `<title>${found ? title : 'Article introuvable'}</title>`,
    htmlAttrs: '',
    state: { siteUrl: context.siteUrl, data: {} },
    tags: pathname === '/' ? ['home'] : [`article:${SLUG}`, 'category:emploi'],
  };
};

const versions: ContentVersionWatch = {
  current: () => version,
  refresh: () => Promise.resolve(version),
  stop: () => {},
};

// What reached the page server, by path: its own log lines.
const reached = new Map<string, number>();
const reachedArticle = () => reached.get(ARTICLE) ?? 0;

let dir = '';
let site: Server;
let nginx: ChildProcess;
let base = '';

async function startNginx(sitePort: number): Promise<void> {
  const port = await freePort();
  chmodSync(dir, 0o755);
  copyFileSync(path.join(DEPLOY, 'page-cache.conf'), path.join(dir, 'page-cache.conf'));
  // The http-level lines deploy/page-cache.conf asks for, as written at its top.
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `${name}_temp_path ${dir}/${name}_temp;`).join('\n  ')}
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=kiosque_pages:10m max_size=64m inactive=10m use_temp_path=off;
  map $http_accept_encoding $kiosque_page_encoding { ~*\\bbr\\b br; ~*\\bgzip\\b gzip; default identity; }
  geo $kiosque_purge_from { default 0; 127.0.0.1 1; ::1 1; }
  map "$kiosque_purge_from:$http_x_kiosque_purge" $kiosque_purge { default 0; "1:1" 1; }
  server {
    listen 127.0.0.1:${port};
    location = /healthz { return 200 "ok\\n"; }
    location / {
      proxy_pass http://127.0.0.1:${sitePort};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      include ${dir}/page-cache.conf;
    }
  }
}
`,
  );
  nginx = spawn(
    NGINX as string,
    ['-p', `${dir}/`, '-c', `${dir}/nginx.conf`, '-e', `${dir}/error.log`, '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  nginx.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (nginx.exitCode !== null)
      throw new Error(`nginx exited: ${stderr}${readFileSync(`${dir}/error.log`, 'utf8')}`);
    if (
      await fetch(`${base}/healthz`).then(
        () => true,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`nginx did not answer: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Answer {
  status: number;
  cache: string | undefined;
  text: string;
}

/** One reader's GET, with its browser's Accept-Encoding, decoded as the browser does. */
function read(address: string, encoding = 'gzip, deflate, br'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    get(`${base}${address}`, { headers: { 'Accept-Encoding': encoding } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const coding = answer.headers['content-encoding'];
        const text = (
          coding === 'br' ? brotliDecompressSync(body) : coding === 'gzip' ? gunzipSync(body) : body
        ).toString();
        resolve({
          status: answer.statusCode ?? 0,
          cache: answer.headers['x-cache-status'] as string | undefined,
          text,
        });
      });
    }).on('error', reject);
  });
}

const crowd = (size: number, address = ARTICLE, encodings = ['gzip, deflate, br']) =>
  Promise.all(Array.from({ length: size }, (_, n) => read(address, encodings[n % encodings.length])));

const BROWSERS = [
  'gzip, deflate, br',
  'gzip, deflate, br, zstd',
  'gzip, deflate',
  'identity',
  'br;q=1.0, gzip;q=0.8',
];

const purgeHook = () =>
  new PurgeHook(
    { urls: [base], mode: 'refresh', attempts: 2, repeatAfterMs: 0, gatherMs: 10, timeoutMs: 5000 },
    { log: (message) => console.warn(message), count: () => {} },
  );

async function purge(paths: string[]): Promise<void> {
  const hook = purgeHook();
  hook.schedule({ tags: new Set([`article:${SLUG}`, 'home']), paths: new Set(paths) });
  await new Promise((resolve) => setTimeout(resolve, 30));
  await hook.settled();
  expect(hook.counts).toEqual({ sent: 3 * paths.length, retried: 0, failed: 0 });
}

if (NGINX === undefined && IN_CI) {
  describe('deploy/page-cache.conf', () => {
    it('is run by a real nginx', () => {
      throw new Error('nginx is missing: .ci/run installs Debian’s nginx-light');
    });
  });
} else {
  describe.skipIf(NGINX === undefined)('nginx’s proxy_cache in front of the page server', () => {
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'kiosque-page-cache-'));
      writeFileSync(
        path.join(dir, 'index.html'),
        '<html lang="fr"><head><title>Kiosque</title></head><body><div id="app"></div></body></html>',
      );
      site = createWebServer({
        distDir: dir,
        siteUrl: 'https://kiosque.example.org',
        cmsUrl: 'http://127.0.0.1:9',
        ssrEntry: render,
        contentVersion: versions,
        redirects: { lookup: () => Promise.resolve(undefined) },
        log: (line) => {
          const { path: where } = JSON.parse(line) as { path: string };
          reached.set(where, (reached.get(where) ?? 0) + 1);
        },
      });
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      await startNginx((site.address() as AddressInfo).port);
    });

    afterAll(async () => {
      if (nginx && nginx.exitCode === null) {
        nginx.kill('SIGTERM');
        await once(nginx, 'exit');
      }
      await new Promise((resolve) => site?.close(resolve));
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('lets a crowd of 200 readers on one article reach the page server once', async () => {
      const first = await crowd(200);
      expect(first.every((answer) => answer.status === 200 && answer.text.includes(title))).toBe(true);
      expect(reachedArticle()).toBe(1);
      const again = await crowd(200);
      expect(again.every((answer) => answer.cache === 'HIT')).toBe(true);
      expect(reachedArticle()).toBe(1);
      // Every browser's own Accept-Encoding falls in one of three entries, not one entry each.
      await crowd(50, ARTICLE, BROWSERS);
      expect(reachedArticle()).toBe(3);
    });

    it('serves no reader the article once it is unpublished and purged, and then reaches the page server no more', async () => {
      await crowd(20, ARTICLE, BROWSERS);
      const before = reachedArticle();
      change(() => (published = false));
      await purge([ARTICLE, '/']);
      // The purge's refreshes, one per encoding: the readers after it reach nginx only.
      expect(reachedArticle() - before).toBe(3);
      const readers = await crowd(200, ARTICLE, BROWSERS);
      expect(readers.map((answer) => answer.status)).toEqual(Array(200).fill(404));
      expect(readers.some((answer) => answer.text.includes('Offres de stage'))).toBe(false);
      expect(reachedArticle() - before).toBe(3);
    });

    it('shows the article again, edited, once it is republished and purged, to a crowd reaching the page server once per encoding', async () => {
      change(() => {
        published = true;
        title = 'Offres de stage à Dakar et Thiès';
      });
      await purge([ARTICLE]);
      const before = reachedArticle();
      const readers = await crowd(200, ARTICLE, BROWSERS);
      expect(readers.every((answer) => answer.status === 200 && answer.text.includes('Dakar et Thiès'))).toBe(
        true,
      );
      expect(reachedArticle()).toBe(before);
    });
  });
}
