#!/usr/bin/env node
// `npm run bench`: how fast an article page is when a shared link brings a crowd, measured on this
// machine. Boots the compiled CMS in production mode on a fresh SQLite database (1,000 articles,
// 20,000 approved comments), loads it with autocannon at 10 and 50 connections, and compares each
// figure with two baselines from the same run: stock Strapi REST (a second boot with
// RESPONSE_CACHE=off, core route with populate=*) and a bare node:http server answering the same
// bytes from memory (the machine's ceiling). Then builds the SPA and measures its initial JavaScript
// and an article page's Largest Contentful Paint in headless Chromium (4x CPU slowdown, slow 4G).
// The comment POST lines run on SQLite and again on PostgreSQL (a throwaway database on
// BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres, seeded the same way), each
// followed by an exactness probe (one address over the rate limit, one text sent many times at once).
// `npm run bench -- --only comments` runs only those lines; `--only wordpress` measures the WordPress
// import instead (scripts/bench/wordpress.mjs).
// Loopback only; every server it starts is stopped before it exits. BENCH_SECONDS sets the duration
// of each measurement (default 10).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { HEADLESS_CHROMIUM_ARGS } from '@kiosque/shared';
import {
  compileCms,
  postgresDatabase as throwawayPostgres,
  productionEnv as cmsProductionEnv,
  requireFromCms,
  startCms,
  waitForHttp as waitFor,
} from '../../cms/scripts/lib/boot.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cmsDir = path.join(root, 'cms');
const webDir = path.join(root, 'web');
const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const Database = requireFromCms('better-sqlite3');
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && ONLY !== 'comments' && ONLY !== 'wordpress') {
  console.error(`[bench] --only takes "comments" or "wordpress", not ${JSON.stringify(ONLY)}`);
  process.exit(2);
}
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = [10, 50];
const HOST = '127.0.0.1';
const CMS_PORT = Number(process.env.BENCH_CMS_PORT ?? 1401);
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? 1402);
const WEB_PORT = Number(process.env.BENCH_WEB_PORT ?? 4300);
const CMS_URL = `http://${HOST}:${CMS_PORT}`;
const WEB_URL = `http://${HOST}:${WEB_PORT}`;
const SLUG = 'article-de-charge-0500';
const RUN_ID = randomBytes(4).toString('hex');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Nothing this script starts may outlive it, whatever happens.
// The WordPress import of 10,000 posts runs for minutes on a busy machine: it gets an hour.
const WATCHDOG_MINUTES = ONLY === 'wordpress' ? 60 : 15;
const watchdog = setTimeout(() => {
  console.error(`[bench] took more than ${WATCHDOG_MINUTES} minutes: stopping.`);
  cleanup().finally(() => process.exit(1));
}, WATCHDOG_MINUTES * 60_000);
watchdog.unref();

const cleanups = [];
async function cleanup() {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error(`[bench] cleanup: ${error.message}`);
    }
  }
}
process.on('SIGINT', () => cleanup().finally(() => process.exit(130)));

const log = (message) => console.log(`[bench] ${message}`);

function productionEnv(databaseFile, extra = {}) {
  return cmsProductionEnv({
    port: CMS_PORT,
    database: { env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: databaseFile } },
    LOG_LEVEL: 'warn',
    SERVE_ADMIN_PANEL: 'false',
    // As in docker-compose.yml: the CMS sits behind a proxy and takes the reader's address from
    // X-Forwarded-For, which the comment POSTs below set.
    TRUST_PROXY: 'true',
    CORS_ORIGINS: WEB_URL,
    ...extra,
  });
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}

/** Boots the compiled CMS as production runs it, and answers its boot time and how to stop it. */
async function bootCms(databaseFile, extraEnv, database = {}) {
  const started = performance.now();
  const { child, stop } = await startCms({
    env: productionEnv(databaseFile, { ...database.env, ...extraEnv }),
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each CMS process, written when it stops.
    nodeArgs: process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [],
  });
  cleanups.push(stop);
  const bootSeconds = (performance.now() - started) / 1000;
  /** Peak resident memory of the CMS process so far (the kernel's high-water mark). */
  const peakRssMb = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  };
  return { bootSeconds, peakRssMb, cpuMs: () => processCpuMs(child.pid), stop };
}

/** CPU time (user + system) a process has used so far, in ms; 0 where /proc is missing. */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/**
 * One autocannon run. With `cpuMs` (the server's CPU clock), also the server's CPU time per answer:
 * unlike req/s and latencies, it hardly depends on what else the machine is running.
 */
async function load(name, options, cpuMs = () => 0) {
  const cpuBefore = cpuMs();
  const result = await autocannon({ duration: SECONDS, ...options });
  const answers = result['2xx'] + result.non2xx;
  const cpuPerRequest = answers > 0 ? (cpuMs() - cpuBefore) / answers : 0;
  const ok = result['2xx'];
  const other = result.non2xx + result.errors + result.timeouts;
  if (other > 0)
    log(`${name}: ${other} answers were not 2xx (${result.non2xx} non-2xx, ${result.errors} errors)`);
  return {
    name,
    connections: options.connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequest,
    ok,
    failed: other,
  };
}

/** A distinct IPv4 address per comment of a run (one run per connection count). */
function readerAddress(connections, sequence) {
  return `10.${connections % 256}.${(sequence >> 8) & 255}.${sequence & 255}`;
}

function get(url, connections, extra = {}) {
  return { url, connections, ...extra };
}

/** Where a bench CMS keeps its data: the environment it boots with, and how to count comments there. */
function sqliteDatabase(databaseFile) {
  return {
    name: 'SQLite',
    env: {},
    file: databaseFile,
    async countComments(where = '1 = 1', bindings = []) {
      const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
      try {
        return db.prepare(`SELECT count(*) AS n FROM comments WHERE ${where}`).get(...bindings).n;
      } finally {
        db.close();
      }
    },
  };
}

/** A throwaway PostgreSQL database, dropped by the cleanup. */
async function postgresDatabase() {
  const { env, url, drop } = await throwawayPostgres(POSTGRES_URL, `kiosque_bench_${RUN_ID}`);
  cleanups.push(drop);
  const pg = requireFromCms('pg');
  return {
    name: 'PostgreSQL',
    env,
    async countComments(where = '1 = 1', bindings = []) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        let n = 0;
        const text = where.replace(/\?/g, () => `$${(n += 1)}`);
        const { rows } = await client.query(`SELECT count(*) AS n FROM comments WHERE ${text}`, bindings);
        return Number(rows[0].n);
      } finally {
        await client.end();
      }
    },
  };
}

/** The requests one article page would make without its own endpoint, in turn on each connection. */
function threeRequestPage(articleId, connections) {
  return {
    url: CMS_URL,
    connections,
    requests: [
      { method: 'GET', path: `/api/articles/slug/${SLUG}` },
      { method: 'GET', path: `/api/community-groups?article=${SLUG}` },
      {
        method: 'GET',
        path: `/api/articles/${articleId}/comments?sort=oldest&page=1&pageSize=20`,
      },
    ],
  };
}

async function measureCms(databaseFile, { cached }) {
  const label = cached ? 'Kiosque' : 'stock';
  log(`booting the CMS (${cached ? 'response cache on' : 'RESPONSE_CACHE=off PUBLIC_ACCESS_CACHE=off'})…`);
  // The baseline is Strapi as shipped: no response cache, the public role's permissions read on
  // every request.
  const cms = await bootCms(
    databaseFile,
    cached ? {} : { RESPONSE_CACHE: 'off', PUBLIC_ACCESS_CACHE: 'off' },
  );
  log(`${label} CMS answered in ${cms.bootSeconds.toFixed(1)} s`);
  const page = await fetch(`${CMS_URL}/api/pages/article/${SLUG}`);
  if (page.status !== 200) throw new Error(`the article page answered ${page.status}`);
  const pageBody = Buffer.from(await page.arrayBuffer());
  const articleId = JSON.parse(pageBody.toString()).data.article.documentId;
  const onePage = ['article page, one request', (c) => get(`${CMS_URL}/api/pages/article/${SLUG}`, c)];
  const homeList = [
    'home list',
    (c) => get(`${CMS_URL}/api/articles?pagination[page]=1&pagination[pageSize]=20`, c),
  ];
  // The lines of each boot, in the order the table shows them.
  const measurements = cached
    ? [onePage, ['article page, three requests', (c) => threeRequestPage(articleId, c)], homeList]
    : [
        ['stock REST article (filters)', (c) => get(`${CMS_URL}/api/articles?filters[slug][$eq]=${SLUG}`, c)],
        onePage,
        homeList,
      ];
  const results = [];
  for (const connections of CONNECTIONS) {
    for (const [name, request] of measurements) {
      results.push(await load(name, request(connections), cms.cpuMs));
    }
  }
  if (cached) results.push(...(await measureComments(cms, sqliteDatabase(databaseFile), articleId)));
  const peakRssMb = cms.peakRssMb();
  await cms.stop();
  cleanups.pop();
  return { results, bootSeconds: cms.bootSeconds, peakRssMb, pageBody };
}

/**
 * Comment creation on a running CMS: for each connection count, a crowd of distinct addresses posting
 * a fixed number of comments, then rows stored compared with 2xx answers; then the exactness probe.
 */
async function measureComments(cms, database, articleId) {
  const results = [];
  for (const connections of CONNECTIONS) {
    let sequence = 0;
    const posting = (extra) => ({
      url: CMS_URL,
      connections,
      ...extra,
      requests: [
        {
          method: 'POST',
          path: '/api/comments',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => {
            sequence += 1;
            return {
              ...request,
              // One key per comment, as the SPA sends; contents differ, so no duplicate is refused.
              headers: {
                ...request.headers,
                'idempotency-key': `bench-${RUN_ID}-${connections}-${sequence}`,
                // A crowd of readers, each from its own address, under the default rate limit
                // (5 a minute per address), which is checked for each of them.
                'x-forwarded-for': readerAddress(connections, sequence),
              },
              body: JSON.stringify({
                data: {
                  article: articleId,
                  authorName: `Charge ${sequence}`,
                  authorEmail: `charge${connections}.${sequence}@example.org`,
                  content: `Commentaire de charge ${RUN_ID}-${connections}-${sequence}, envoyé pendant le test.`,
                },
              }),
            };
          },
        },
      ],
    });
    // A short warm-up gives the rate; the measured run then sends a fixed number of comments and
    // waits for every answer, so that rows stored and 2xx answers can be compared exactly.
    const warmUp = await autocannon(posting({ duration: 2 }));
    const amount = Math.max(connections * 4, Math.round(warmUp.requests.average * SECONDS));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await database.countComments();
    // A long client timeout: a comment the client gave up on but the server stored is not a loss,
    // yet it would blur the count.
    const result = await load(
      `comment creation (POST), ${database.name}`,
      posting({ amount, timeout: 60 }),
      cms.cpuMs,
    );
    const stored = (await database.countComments()) - before;
    const lost = result.ok - stored;
    result.note =
      lost > 0
        ? `${lost} LOST: ${stored} rows stored for ${result.ok} 2xx`
        : `nothing lost: ${stored} rows stored for ${result.ok} 2xx${stored > result.ok ? ` (${stored - result.ok} answered too late)` : ''}`;
    results.push(result);
  }
  log(`${database.name}: ${await exactnessProbe(database, articleId)}`);
  return results;
}

/**
 * One address sending 50 comments at once (the default limit is 5 a minute), and another sending one
 * text 20 times at once: exactly 5 and exactly 1 must be stored, and every 201 must be one of them.
 */
async function exactnessProbe(database, articleId) {
  const post = (address, content, n) =>
    fetch(`${CMS_URL}/api/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({
        data: { article: articleId, authorName: 'Sonde', authorEmail: `sonde${n}@example.org`, content },
      }),
    }).then((response) => response.status);
  const limitTag = `Sonde limite ${RUN_ID}`;
  const limited = await Promise.all(
    Array.from({ length: 50 }, (_, n) => post('10.250.0.1', `${limitTag} ${n}`, n)),
  );
  const duplicateTag = `Sonde doublon ${RUN_ID}`;
  const duplicated = await Promise.all(
    Array.from({ length: 20 }, (_, n) => post('10.250.0.2', duplicateTag, n)),
  );
  const limitStored = await database.countComments('content LIKE ?', [`${limitTag} %`]);
  const duplicateStored = await database.countComments('content = ?', [duplicateTag]);
  const created = (statuses) => statuses.filter((status) => status === 201).length;
  const exact =
    limitStored === 5 && created(limited) === 5 && duplicateStored === 1 && created(duplicated) === 1;
  return (
    `rate limit ${limitStored} stored, ${created(limited)} × 201 of 50 sent from one address (limit 5); ` +
    `duplicates ${duplicateStored} stored, ${created(duplicated)} × 201 of 20 identical sent; ${exact ? 'exact' : 'NOT EXACT'}`
  );
}

/** The same comment load on a throwaway PostgreSQL database seeded like the SQLite one. */
async function measurePostgresComments() {
  log('seeding PostgreSQL the same way…');
  const database = await postgresDatabase();
  await run(process.execPath, [path.join(root, 'scripts', 'bench', 'seed.cjs')], {
    cwd: cmsDir,
    env: { ...productionEnv('unused.db', database.env), NODE_ENV: 'development', LOG_LEVEL: 'error' },
  });
  log('booting the CMS on PostgreSQL…');
  const cms = await bootCms('unused.db', {}, database);
  const page = await fetch(`${CMS_URL}/api/pages/article/${SLUG}`);
  if (page.status !== 200) throw new Error(`the article page answered ${page.status} on PostgreSQL`);
  const articleId = (await page.json()).data.article.documentId;
  const results = await measureComments(cms, database, articleId);
  await cms.stop();
  cleanups.pop();
  return results;
}

async function measureBare(body) {
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    response.end(body);
  });
  server.listen(BARE_PORT, HOST);
  await once(server, 'listening');
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const results = [];
  for (const connections of CONNECTIONS) {
    results.push(await load('bare node:http, same bytes', get(`http://${HOST}:${BARE_PORT}/`, connections)));
  }
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  cleanups.pop();
  return results;
}

/** The built SPA's initial JavaScript: the entry script and its modulepreloads, gzipped. */
function initialJavaScript() {
  const distDir = path.join(webDir, 'dist');
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((match) => match[1]);
  const sizes = files.map((file) => {
    const content = readFileSync(path.join(distDir, file.replace(/^\//, '')));
    return { file, raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
  });
  return { files: sizes, gzipKb: sizes.reduce((sum, size) => sum + size.gzip, 0) / 1024 };
}

/**
 * The article page's own chunks, which the page server preloads with the HTML (web/server/assets.ts,
 * read from the build): not part of the entry, but fetched by every reader landing on an article.
 */
async function articleRouteJavaScript() {
  const distDir = path.join(webDir, 'dist');
  const { readManifest, pageAssets } = await import(
    pathToFileURL(path.join(webDir, 'build', 'server', 'assets.js')).href
  );
  const { scripts } = pageAssets(readManifest(distDir), 'src/pages/ArticlePage.vue');
  const gzip = scripts.reduce(
    (sum, file) => sum + gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length,
    0,
  );
  return { chunks: scripts.length, gzipKb: gzip / 1024 };
}

/** The two phones the article page must paint fast on (Chrome DevTools' throttling, cold cache). */
const PROFILES = [
  {
    name: '4x CPU, slow 4G (150 ms RTT, 1.6 Mbps)',
    latency: 150,
    down: 1.6 * 1024 * 1024,
    up: 750 * 1024,
    targetMs: 800,
  },
  {
    name: 'cheap phone on 3G (4x CPU, 400 ms RTT, 400 kbps)',
    latency: 400,
    down: 400 * 1024,
    up: 400 * 1024,
    targetMs: 2500,
  },
];

/**
 * Largest Contentful Paint, Cumulative Layout Shift and the number of requests of three cold loads
 * of `url` on one network profile, with 4x slower CPU.
 */
async function loadMetrics(browser, url, profile) {
  const samples = [];
  for (let run = 0; run < 3; run += 1) {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (process.env.BENCH_DEBUG === 'true') page.on('console', (message) => console.log(message.text()));
    let requests = 0;
    page.on('request', () => (requests += 1));
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latency,
      downloadThroughput: profile.down / 8,
      uploadThroughput: profile.up / 8,
    });
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 60_000 });
    // Let the page settle (hydration, late requests), then read the last LCP candidate and the shifts.
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => {});
    await page.waitForTimeout(500);
    const { lcp, cls } = await page.evaluate(
      () =>
        new Promise((resolve) => {
          let cls = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) if (!entry.hadRecentInput) cls += entry.value;
          }).observe({ type: 'layout-shift', buffered: true });
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            const last = entries[entries.length - 1];
            console.info(`LCP element: ${last.element?.tagName} ${last.element?.textContent?.slice(0, 40)}`);
            setTimeout(() => resolve({ lcp: last.startTime, cls }), 0);
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        }),
    );
    samples.push({ lcp, cls, requests });
    await context.close();
  }
  const median = (values) => [...values].sort((a, b) => a - b)[1];
  return {
    medianMs: median(samples.map((sample) => sample.lcp)),
    samples: samples.map((sample) => sample.lcp),
    cls: Math.max(...samples.map((sample) => sample.cls)),
    requests: median(samples.map((sample) => sample.requests)),
  };
}

/**
 * The floor: the same article page as plain HTML (the page server's answer without its scripts, its
 * state and its module preloads), its styles and images still served by the page server.
 */
async function servePlainHtml() {
  const answer = await fetch(`${WEB_URL}/articles/${SLUG}`);
  const html = (await answer.text())
    .replace(/<script type="module"[^>]*><\/script>/g, '')
    .replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="modulepreload"[^>]*>/g, '');
  const server = createServer(async (request, response) => {
    if (request.url === `/articles/${SLUG}`) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(html);
      return;
    }
    const proxied = await fetch(`${WEB_URL}${request.url}`);
    response.writeHead(proxied.status, {
      'Content-Type': proxied.headers.get('content-type') ?? 'application/octet-stream',
    });
    response.end(Buffer.from(await proxied.arrayBuffer()));
  });
  await new Promise((resolve) => server.listen(BARE_PORT, HOST, resolve));
  return {
    url: `http://${HOST}:${BARE_PORT}/articles/${SLUG}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The article page's paint on both profiles, with the plain-HTML floor of each beside it. */
async function largestContentfulPaint() {
  const { chromium } = createRequire(path.join(webDir, 'package.json'))('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...HEADLESS_CHROMIUM_ARGS],
  });
  cleanups.push(() => browser.close());
  const plain = await servePlainHtml();
  cleanups.push(plain.close);
  const results = [];
  try {
    for (const profile of PROFILES) {
      const page = await loadMetrics(browser, `${WEB_URL}/articles/${SLUG}`, profile);
      const floor = await loadMetrics(browser, plain.url, profile);
      const home = await loadMetrics(browser, `${WEB_URL}/`, profile);
      results.push({ profile, page, floor, home });
    }
  } finally {
    await plain.close();
    cleanups.pop();
    await browser.close();
    cleanups.pop();
  }
  return results;
}

async function measureFrontEnd(databaseFile) {
  log('building the SPA and its page server…');
  // As production builds it (`npm run build -w web`): the SPA and web/server, whose page heads and
  // article text arrive with the HTML, before any script runs.
  await run('npm', ['run', 'build'], {
    cwd: webDir,
    env: { ...process.env, NODE_ENV: 'production', VITE_API_URL: CMS_URL },
  });
  const bundle = initialJavaScript();
  const articleRoute = await articleRouteJavaScript();
  const cms = await bootCms(databaseFile, {});
  const server = spawn(process.execPath, ['build/server/main.js'], {
    cwd: webDir,
    env: { ...process.env, HOST, PORT: String(WEB_PORT), CMS_URL, SITE_URL: WEB_URL, VITE_API_URL: CMS_URL },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stopServer = async () => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    await once(server, 'exit');
  };
  cleanups.push(stopServer);
  let lcp;
  try {
    await waitFor(`${WEB_URL}/healthz`, server);
    log('measuring the Largest Contentful Paint…');
    lcp = await largestContentfulPaint();
  } finally {
    await stopServer();
    cleanups.pop();
    await cms.stop();
    cleanups.pop();
  }
  return { bundle, articleRoute, lcp };
}

const fmt = (value, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function printTable(rows, stock, bare) {
  const header =
    '| measurement | conns | req/s | p50 ms | p99 ms | CMS CPU ms/req | × stock REST | % of bare node |';
  console.log(`\n${header}\n|---|---:|---:|---:|---:|---:|---:|---:|`);
  for (const row of rows) {
    const stockRps = stock.get(row.connections);
    const bareRps = bare.get(row.connections);
    console.log(
      `| ${row.name} | ${row.connections} | ${fmt(row.rps)} | ${fmt(row.p50)} | ${fmt(row.p99)} | ${row.cpuPerRequest ? fmt(row.cpuPerRequest, 2) : '–'} | ${stockRps ? `${fmt(row.rps / stockRps, 1)}×` : '–'} | ${bareRps ? `${fmt((100 * row.rps) / bareRps, 1)} %` : '–'} |${row.note ? ` ${row.note}` : ''}`,
    );
  }
}

async function main() {
  const started = Date.now();
  if (ONLY === 'wordpress') {
    // The import runs as its own command on a database of its own: nothing below is needed.
    const { measureWordPressImport } = await import('./wordpress.mjs');
    await measureWordPressImport((stop) => cleanups.push(stop));
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  const workDir = path.join(tmpdir(), `kiosque-bench-${randomBytes(4).toString('hex')}`);
  mkdirSync(workDir, { recursive: true });
  const databaseFile = path.join(workDir, 'bench.db');
  cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }));

  log(`compiling the CMS… (each measurement: ${SECONDS} s)`);
  await compileCms();
  log('seeding 1,000 articles and 20,000 comments…');
  await run(process.execPath, [path.join(root, 'scripts', 'bench', 'seed.cjs')], {
    cwd: cmsDir,
    env: { ...productionEnv(databaseFile), NODE_ENV: 'development', LOG_LEVEL: 'error' },
  });

  // The comment POSTs add tens of thousands of rows to one article: the baseline and the front end are
  // measured on the data as seeded, like the cached GETs before them.
  const seededFile = path.join(workDir, 'seeded.db');
  for (const suffix of ['', '-wal']) {
    if (existsSync(databaseFile + suffix)) copyFileSync(databaseFile + suffix, seededFile + suffix);
  }

  if (ONLY === 'comments') {
    await measureCommentsOnly(databaseFile);
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  if (process.env.BENCH_BACK_END !== 'false') await measureBackEnd(databaseFile, seededFile);
  if (process.env.BENCH_FRONT_END !== 'false' && existsSync(CHROMIUM)) {
    const front = await measureFrontEnd(seededFile);
    console.log(
      `SPA initial JavaScript: ${fmt(front.bundle.gzipKb, 1)} KB gzip (${front.bundle.files.map((f) => `${f.file} ${fmt(f.gzip / 1024, 1)} KB`).join(', ')}); budget 70 KB.`,
    );
    console.log(
      `Article page, its route's ${front.articleRoute.chunks} chunks (preloaded with the HTML): ${fmt(front.articleRoute.gzipKb, 1)} KB gzip more, ${fmt(front.bundle.gzipKb + front.articleRoute.gzipKb, 1)} KB in all.`,
    );
    for (const { profile, page, floor, home } of front.lcp) {
      console.log(
        `Article page LCP (${profile.name}, cold): ${fmt(page.medianMs)} ms median of ${page.samples.map((v) => fmt(v)).join(', ')} ms (target ${fmt(profile.targetMs)} ms); plain-HTML floor ${fmt(floor.medianMs)} ms; CLS ${fmt(page.cls, 3)} (home ${fmt(home.cls, 3)}); ${page.requests} requests on a first visit (home: LCP ${fmt(home.medianMs)} ms, ${home.requests} requests).`,
      );
    }
  } else {
    log('front-end figures skipped (BENCH_FRONT_END=false or no Chromium).');
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** `--only comments`: the comment lines on SQLite and PostgreSQL, without the GET lines and baselines. */
async function measureCommentsOnly(databaseFile) {
  log('booting the CMS (response cache on)…');
  const cms = await bootCms(databaseFile, {});
  const page = await fetch(`${CMS_URL}/api/pages/article/${SLUG}`);
  if (page.status !== 200) throw new Error(`the article page answered ${page.status}`);
  const articleId = (await page.json()).data.article.documentId;
  const sqlite = await measureComments(cms, sqliteDatabase(databaseFile), articleId);
  await cms.stop();
  cleanups.pop();
  const postgres = await measurePostgresComments();
  printTable([...sqlite, ...postgres], new Map(), new Map());
}

async function measureBackEnd(databaseFile, seededFile) {
  const kiosque = await measureCms(databaseFile, { cached: true });
  const postgres = await measurePostgresComments();
  const stock = await measureCms(seededFile, { cached: false });
  log('measuring the bare node:http ceiling…');
  const bare = await measureBare(kiosque.pageBody);

  const stockBy = new Map(
    stock.results.filter((r) => r.name.startsWith('stock REST')).map((r) => [r.connections, r.rps]),
  );
  const bareBy = new Map(bare.map((r) => [r.connections, r.rps]));
  printTable(
    [
      ...kiosque.results,
      ...postgres,
      ...stock.results.map((r) => ({ ...r, name: `stock: ${r.name}` })),
      ...bare,
    ],
    stockBy,
    bareBy,
  );

  const onePage50 = kiosque.results.find(
    (r) => r.name === 'article page, one request' && r.connections === 50,
  );
  const stockPage50 = stock.results.find(
    (r) => r.name === 'article page, one request' && r.connections === 50,
  );
  const threePage50 = kiosque.results.find(
    (r) => r.name === 'article page, three requests' && r.connections === 50,
  );
  console.log(
    `\nArticle pages per second at 50 connections: ${fmt(onePage50.rps)} (one request, cached) vs ${fmt(threePage50.rps / 3)} (three cached requests) vs ${fmt(stockPage50.rps)} (one request, no cache) vs ${fmt(stockBy.get(50) / 3)} (three stock requests, estimated).`,
  );
  console.log(
    `CMS boot: ${kiosque.bootSeconds.toFixed(1)} s (cache on), ${stock.bootSeconds.toFixed(1)} s (cache off). ` +
      `Peak RSS: ${fmt(kiosque.peakRssMb)} MB (cache on), ${fmt(stock.peakRssMb)} MB (cache off).`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    clearTimeout(watchdog);
  });
