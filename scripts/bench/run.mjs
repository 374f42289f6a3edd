#!/usr/bin/env node
// `npm run bench`: how fast an article page is when a shared link brings a crowd, measured on this
// machine. Boots the compiled CMS in production mode on a fresh SQLite database (1,000 articles,
// 20,000 approved comments), loads it with autocannon at 10 and 50 connections, and compares each
// figure with two baselines from the same run: stock Strapi REST (a second boot with
// RESPONSE_CACHE=off, core route with populate=*) and a bare node:http server answering the same
// bytes from memory (the machine's ceiling). Then builds the SPA, sums the bytes home, article and
// category pages need before they are usable (web/server/budget.ts, as the byte-budget test does) and
// measures the article page's Largest Contentful Paint, layout shifts and requests in headless
// Chromium (4x CPU slowdown; slow 4G, then a cheap phone on 3G), beside its plain-HTML floor.
// The comment POST lines run on SQLite and again on PostgreSQL (a throwaway database on
// BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres, seeded the same way), each
// followed by an exactness probe (one address over the rate limit, one text sent many times at once).
// `npm run bench -- --only comments` runs only those lines; `--only lcp` only the front end's (build,
// bytes, paint, layout shifts and requests). The page lines (`--only pages`) load the page server on a
// kept article with a browser's Accept-Encoding beside a bare node:http process sending the same
// pre-compressed bytes, with each server's CPU time per answer, and an uncached render's CPU cost.
// The counting lines (`--only counting`): page views (the page server's kept article, then the
// reader's beacon to the CMS) against the same views without beacons, in short interleaved rounds.
// `--only wordpress` measures the WordPress import instead (scripts/bench/wordpress.mjs).
// Loopback only; every server it starts is stopped before it exits. BENCH_SECONDS sets the duration
// of each measurement (default 10).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http, { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
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
if (ONLY !== undefined && !['comments', 'lcp', 'pages', 'counting', 'wordpress'].includes(ONLY)) {
  console.error(
    `[bench] --only takes "comments", "lcp", "pages", "counting" or "wordpress", not ${JSON.stringify(ONLY)}`,
  );
  process.exit(2);
}
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = [10, 50];
const HOST = '127.0.0.1';
const CMS_PORT = Number(process.env.BENCH_CMS_PORT ?? 1401);
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? 1402);
const PAGE_BARE_PORT = Number(process.env.BENCH_PAGE_BARE_PORT ?? 1403);
const WEB_PORT = Number(process.env.BENCH_WEB_PORT ?? 4300);
const CMS_URL = `http://${HOST}:${CMS_PORT}`;
const WEB_URL = `http://${HOST}:${WEB_PORT}`;
const SLUG = 'article-de-charge-0500';
const RUN_ID = randomBytes(4).toString('hex');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// BENCH_COMPARE_WEB_DIR: another build's web/ (say, main's, built by `npm run build -w web` with
// VITE_API_URL set to this bench's CMS), served beside this one and measured in the same turns.
const COMPARE_DIR = process.env.BENCH_COMPARE_WEB_DIR;
const COMPARE_PORT = Number(process.env.BENCH_COMPARE_PORT ?? WEB_PORT + 1);
const COMPARE_URL = COMPARE_DIR ? `http://${HOST}:${COMPARE_PORT}` : undefined;

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
    CORS_ORIGINS: COMPARE_URL ? `${WEB_URL},${COMPARE_URL}` : WEB_URL,
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

// Cold loads per page and profile (BENCH_LCP_RUNS): on a shared machine single loads vary by 2×.
const LCP_RUNS = Math.max(1, Number(process.env.BENCH_LCP_RUNS ?? 5));

/**
 * Largest Contentful Paint, Cumulative Layout Shift and the number of requests of `LCP_RUNS` cold
 * loads of each of `urls` on one network profile, with 4x slower CPU. The loads take turns (one of
 * each, then again), so that the machine's load weighs on every page alike.
 */
async function loadMetrics(browser, urls, profile) {
  const samples = urls.map(() => []);
  const resources = urls.map(() => []);
  for (let run = 0; run < LCP_RUNS; run += 1) {
    for (const [index, url] of urls.entries()) {
      const sample = await coldLoad(browser, url, profile, run === 0);
      samples[index].push(sample);
      if (sample.resources) resources[index] = sample.resources;
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return samples.map((of, index) => ({
    medianMs: median(of.map((sample) => sample.lcp)),
    samples: of.map((sample) => sample.lcp),
    cls: Math.max(...of.map((sample) => sample.cls)),
    requests: median(of.map((sample) => sample.requests)),
    resources: resources[index],
  }));
}

/** One cold load of `url` in a fresh context; with `listFiles`, also what it fetched. */
async function coldLoad(browser, url, profile, listFiles) {
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
  // What the first load fetched: each file, its bytes on the wire, whether it held the first paint.
  let resources;
  if (listFiles) {
    resources = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => ({
        url: entry.name,
        bytes: entry.transferSize,
        blocking: entry.renderBlockingStatus === 'blocking',
      })),
    );
  }
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
  await context.close();
  return { lcp, cls, requests, resources };
}

/** The first visit's files, one line: `/assets/index.js 66.1 KB`, render-blocking ones marked. */
function describeResources(resources) {
  if (resources.length === 0) return 'none besides the page';
  return resources
    .map(({ url, bytes, blocking }) => {
      const { pathname } = new URL(url);
      const name = pathname.length > 48 ? `${pathname.slice(0, 45)}…` : pathname;
      return `${name} ${fmt(bytes / 1024, 1)} KB${blocking ? ' (render-blocking)' : ''}`;
    })
    .join(', ');
}

/**
 * HTML + CSS + JavaScript (gzip) each page needs before it is usable, as the byte-budget test counts
 * them (web/server/budget.ts, from the page server's build), on the bench's own content.
 */
async function pageBudgets(base = WEB_URL) {
  const { BYTE_BUDGET, describeWeight, pageWeight } = await import(
    pathToFileURL(path.join(webDir, 'build', 'server', 'budget.js')).href
  );
  const pages = [
    ['home', '/'],
    ['article', `/articles/${SLUG}`],
    ['category', '/categorie/charge-emploi'],
  ];
  const lines = [];
  for (const [name, address] of pages) {
    const weight = await pageWeight(`${base}${address}`);
    const within = weight.totalKb <= BYTE_BUDGET.totalKb && weight.javaScriptKb <= BYTE_BUDGET.javaScriptKb;
    lines.push(`${describeWeight(name, weight)}${within ? '' : ' OVER BUDGET'}`);
  }
  return `Bytes before usable (budget ${BYTE_BUDGET.totalKb} KB, JS ${BYTE_BUDGET.javaScriptKb} KB): ${lines.join('; ')}.`;
}

/**
 * The floor: the same article page as plain HTML (the page server's answer without its scripts, its
 * state and its module preloads), compressed, its styles and images still served by the page server.
 */
async function servePlainHtml() {
  const answer = await fetch(`${WEB_URL}/articles/${SLUG}`);
  const html = (await answer.text())
    .replace(/<script type="module"[^>]*><\/script>/g, '')
    .replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="modulepreload"[^>]*>/g, '');
  // Compressed as the page server sends it: on 400 kbps, uncompressed HTML alone costs most of a second.
  const compressed = { br: brotliCompressSync(html), gzip: gzipSync(html) };
  const server = createServer(async (request, response) => {
    if (request.url === `/articles/${SLUG}`) {
      const accepted = String(request.headers['accept-encoding'] ?? '');
      const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        ...(encoding ? { 'Content-Encoding': encoding } : {}),
      });
      response.end(encoding ? compressed[encoding] : html);
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
async function largestContentfulPaint(compareUrl) {
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
      const urls = [`${WEB_URL}/articles/${SLUG}`, plain.url, `${WEB_URL}/`];
      if (compareUrl) urls.push(`${compareUrl}/articles/${SLUG}`, `${compareUrl}/`);
      const [page, floor, home, comparePage, compareHome] = await loadMetrics(browser, urls, profile);
      results.push({
        profile,
        page,
        floor,
        home,
        compare: compareUrl && { page: comparePage, home: compareHome },
      });
    }
  } finally {
    await plain.close();
    cleanups.pop();
    await browser.close();
    cleanups.pop();
  }
  return results;
}

let webBuilt = false;
/** Builds the SPA and its page server once per run, as production builds it (`npm run build -w web`). */
async function buildWeb() {
  if (webBuilt) return;
  log('building the SPA and its page server…');
  await run('npm', ['run', 'build'], {
    cwd: webDir,
    env: { ...process.env, NODE_ENV: 'production', VITE_API_URL: CMS_URL },
  });
  webBuilt = true;
}

/** Starts a built page server (`dir`/build/server/main.js, by default this one) against the bench CMS. */
async function startPageServer(dir = webDir, url = WEB_URL, extraEnv = {}) {
  // BENCH_CPU_PROF_DIR: the page server writes a V8 CPU profile there when it stops (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
    : [];
  const server = spawn(process.execPath, [...profile, 'build/server/main.js'], {
    cwd: dir,
    env: {
      ...process.env,
      HOST,
      PORT: new URL(url).port,
      CMS_URL,
      SITE_URL: url,
      VITE_API_URL: CMS_URL,
      METRICS_PORT: 'off',
      // Without COUNT_SECRET the page server counts no view (the counting section sets one where it counts).
      COUNT_SECRET: '',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    await once(server, 'exit');
  };
  cleanups.push(stop);
  await waitFor(`${url}/healthz`, server);
  return { stop, cpuMs: () => processCpuMs(server.pid) };
}

async function measureFrontEnd(databaseFile) {
  // The SPA and web/server, whose page heads and article text arrive with the HTML, before any script runs.
  await buildWeb();
  const bundle = initialJavaScript();
  const cms = await bootCms(databaseFile, {});
  const servers = [];
  let lcp;
  let budgets;
  let compareBudgets;
  try {
    servers.push(await startPageServer());
    budgets = await pageBudgets();
    if (COMPARE_URL) {
      servers.push(await startPageServer(COMPARE_DIR, COMPARE_URL));
      compareBudgets = await pageBudgets(COMPARE_URL);
    }
    log('measuring the Largest Contentful Paint…');
    lcp = await largestContentfulPaint(COMPARE_URL);
  } finally {
    for (const { stop } of servers.reverse()) {
      await stop();
      cleanups.pop();
    }
    await cms.stop();
    cleanups.pop();
  }
  return { bundle, lcp, budgets, compareBudgets };
}

/** One GET with raw bytes (no decompression), as a browser asks: what the page server sends. */
function rawGet(url, headers) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (answer) => {
        const chunks = [];
        answer.on('data', (chunk) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({ status: answer.statusCode, headers: answer.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

// A browser's Accept-Encoding (Chrome's, Firefox's): the page server must answer it from bytes compressed once.
const BROWSER_ENCODINGS = { 'accept-encoding': 'gzip, deflate, br' };

/**
 * The ceiling in its own process (so that its CPU clock is its own): node:http answering the page
 * server's exact bytes and headers, already compressed, from memory.
 */
async function startBarePageServer(body, headers) {
  // Its settings as arguments (`node -e source file headers port host`: process.argv[1…]).
  const source = `
    const [file, headers, port, host] = process.argv.slice(1);
    const body = require('node:fs').readFileSync(file);
    const sent = JSON.parse(headers);
    require('node:http').createServer((request, response) => {
      response.writeHead(200, sent);
      response.end(body);
    }).listen(Number(port), host);`;
  const file = path.join(tmpdir(), `kiosque-bench-page-${RUN_ID}.br`);
  writeFileSync(file, body);
  const child = spawn(
    process.execPath,
    ['-e', source, file, JSON.stringify(headers), String(PAGE_BARE_PORT), HOST],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const stop = async () => {
    rmSync(file, { force: true });
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  cleanups.push(stop);
  await waitFor(`http://${HOST}:${PAGE_BARE_PORT}/`, child);
  return { url: `http://${HOST}:${PAGE_BARE_PORT}/`, stop, cpuMs: () => processCpuMs(child.pid) };
}

/**
 * The page server on a kept article beside bare node:http sending the same bytes, and the CMS's one
 * article request, each with its server's CPU time per answer; then an uncached render's CPU cost
 * (an address rendered but never kept, so that every request renders) and the one-off cost of
 * compressing a page for the cache.
 */
async function measurePages(databaseFile) {
  await buildWeb();
  const cms = await bootCms(databaseFile, {});
  const server = await startPageServer();
  const articleUrl = `${WEB_URL}/articles/${SLUG}`;
  // The page server learns the content version within a second; then the article is kept.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const first = await rawGet(articleUrl, BROWSER_ENCODINGS);
  if (first.status !== 200 || first.headers['content-encoding'] !== 'br')
    throw new Error(`the article page answered ${first.status} in ${first.headers['content-encoding']}`);
  const sent = {};
  for (const [name, value] of Object.entries(first.headers)) {
    if (!['date', 'connection', 'keep-alive', 'x-request-id'].includes(name)) sent[name] = value;
  }
  const bare = await startBarePageServer(first.body, sent);
  const results = [];
  for (const connections of CONNECTIONS) {
    results.push(
      await load(
        'bare node:http, the page’s br bytes',
        get(bare.url, connections, { headers: BROWSER_ENCODINGS }),
        bare.cpuMs,
      ),
      await load(
        'page server, kept article (br)',
        get(articleUrl, connections, { headers: BROWSER_ENCODINGS }),
        server.cpuMs,
      ),
      await load(
        'CMS, article page API (cached)',
        get(`${CMS_URL}/api/pages/article/${SLUG}`, connections),
        cms.cpuMs,
      ),
    );
  }
  await bare.stop();
  cleanups.pop();
  // What the page server's once-a-second check of the content version costs the CMS.
  const versionCheck = await load(
    'CMS, GET /_content-version',
    get(`${CMS_URL}/_content-version`, 10),
    cms.cpuMs,
  );

  // Uncached: the same article at an address written another way (a trailing slash), which the page
  // server renders as asked and never keeps; identity, so that no compression is counted here. Two
  // rounds of 40: the first are the first renders of that code in this process (V8 still compiling
  // and optimising it, as after each deploy); the second is what every later render costs, the
  // figure the target is for. Both are printed.
  const renderRound = async (renders) => {
    const cpuBefore = server.cpuMs();
    const started = performance.now();
    for (let n = 0; n < renders; n += 1) {
      const answer = await rawGet(`${articleUrl}/`, { 'accept-encoding': 'identity' });
      if (answer.status !== 200) throw new Error(`an uncached render answered ${answer.status}`);
    }
    return { cpuMs: (server.cpuMs() - cpuBefore) / renders, wallMs: (performance.now() - started) / renders };
  };
  const firstRenders = await renderRound(40);
  const render = { ...(await renderRound(40)), first: firstRenders };
  const html = (await rawGet(`${articleUrl}/`, { 'accept-encoding': 'identity' })).body;
  const { keepPage } = await import(
    pathToFileURL(path.join(webDir, 'build', 'server', 'page-cache.js')).href
  );
  keepPage(html, 200, {}, 'warm-up');
  const compressStarted = process.cpuUsage();
  for (let n = 0; n < 10; n += 1) keepPage(html, 200, {}, String(n));
  const used = process.cpuUsage(compressStarted);
  const compressMs = (used.user + used.system) / 1000 / 10;
  const kept = keepPage(html, 200, {}, 'sizes');

  await server.stop();
  cleanups.pop();
  await cms.stop();
  cleanups.pop();
  return {
    results,
    versionCheck,
    render,
    compressMs,
    sizes: Object.fromEntries(Object.entries(kept.bodies).map(([k, v]) => [k, v.length])),
  };
}

function printPages({ results, versionCheck, render, compressMs, sizes }) {
  const bareBy = new Map(results.filter((r) => r.name.startsWith('bare')).map((r) => [r.connections, r]));
  console.log(
    '\n| measurement | conns | req/s | p50 ms | p99 ms | server CPU ms/answer | % of bare node | CPU × bare |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of results) {
    const bare = bareBy.get(row.connections);
    console.log(
      `| ${row.name} | ${row.connections} | ${fmt(row.rps)} | ${fmt(row.p50)} | ${fmt(row.p99)} | ${fmt(row.cpuPerRequest, 3)} | ${fmt((100 * row.rps) / bare.rps, 1)} % | ${fmt(row.cpuPerRequest / bare.cpuPerRequest, 1)}× |`,
    );
  }
  const at50 = (prefix) => results.find((r) => r.name.startsWith(prefix) && r.connections === 50);
  const bare = at50('bare');
  const page = at50('page server');
  const cmsRow = at50('CMS');
  console.log(
    `\nPage server, kept article, ${BROWSER_ENCODINGS['accept-encoding']}, 50 connections: ${fmt((100 * page.rps) / bare.rps, 1)} % of bare node:http (target ≥ 50 %), p99 ${fmt(page.p99)} ms (target ≤ 20 ms). ` +
      `CPU per answer: bare ${fmt(bare.cpuPerRequest, 3)} ms, page server ${fmt(page.cpuPerRequest, 3)} ms (${fmt(page.cpuPerRequest / bare.cpuPerRequest, 1)}× bare), CMS ${fmt(cmsRow.cpuPerRequest, 3)} ms (${fmt(cmsRow.cpuPerRequest / bare.cpuPerRequest, 1)}× bare, ${fmt(cmsRow.cpuPerRequest / page.cpuPerRequest, 1)}× the page server).`,
  );
  console.log(
    `Content-version check (the page server asks once a second): ${fmt(versionCheck.cpuPerRequest, 3)} ms of CMS CPU per answer, ${fmt(versionCheck.cpuPerRequest / 10, 4)} % of one core at one a second.`,
  );
  console.log(
    `Uncached article render: ${fmt(render.cpuMs, 1)} ms of page-server CPU (target ≤ 15 ms), ${fmt(render.wallMs, 1)} ms wall (renders 41–80 of that code; the first 40, V8 still optimising it: ${fmt(render.first.cpuMs, 1)} ms CPU, ${fmt(render.first.wallMs, 1)} ms wall); compressing it once for the cache (br 9 + gzip 9): ${fmt(compressMs, 1)} ms; ${fmt(sizes.identity / 1024, 1)} KB → br ${fmt(sizes.br / 1024, 1)} KB, gzip ${fmt(sizes.gzip / 1024, 1)} KB.`,
  );
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

  if (ONLY === 'pages') {
    printPages(await measurePages(seededFile));
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  if (ONLY === 'counting') {
    await measureCounting(databaseFile);
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  if (ONLY === 'comments') {
    await measureCommentsOnly(databaseFile);
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  if (process.env.BENCH_BACK_END !== 'false' && ONLY !== 'lcp') {
    await measureBackEnd(databaseFile, seededFile);
    await measureCounting(seededFile);
  }
  if (process.env.BENCH_PAGES !== 'false' && ONLY !== 'lcp') printPages(await measurePages(seededFile));
  if (process.env.BENCH_FRONT_END !== 'false' && existsSync(CHROMIUM)) {
    const front = await measureFrontEnd(seededFile);
    console.log(
      `SPA initial JavaScript: ${fmt(front.bundle.gzipKb, 1)} KB gzip (${front.bundle.files.map((f) => `${f.file} ${fmt(f.gzip / 1024, 1)} KB`).join(', ')}), loaded by every page.`,
    );
    console.log(front.budgets);
    if (front.compareBudgets) console.log(`Compared build (${COMPARE_DIR}): ${front.compareBudgets}`);
    for (const { profile, page, floor, home } of front.lcp) {
      console.log(
        `Article page LCP (${profile.name}, cold): ${fmt(page.medianMs)} ms median of ${page.samples.map((v) => fmt(v)).join(', ')} ms (target ${fmt(profile.targetMs)} ms); plain-HTML floor ${fmt(floor.medianMs)} ms; CLS ${fmt(page.cls, 3)} (home ${fmt(home.cls, 3)}, target 0.02); ${page.requests} requests on a first visit, target 10 (home: LCP ${fmt(home.medianMs)} ms, ${home.requests} requests).`,
      );
    }
    for (const { profile, compare } of front.lcp.filter((result) => result.compare)) {
      const { page, home } = compare;
      console.log(
        `Compared build, same turns (${profile.name}): article LCP ${fmt(page.medianMs)} ms median of ${page.samples.map((v) => fmt(v)).join(', ')} ms; CLS ${fmt(page.cls, 3)} (home ${fmt(home.cls, 3)}); ${page.requests} requests (home: LCP ${fmt(home.medianMs)} ms, ${home.requests} requests).`,
      );
    }
    const [first] = front.lcp;
    console.log(
      `Article page, first visit's files besides the HTML: ${describeResources(first.page.resources)}.`,
    );
  } else {
    log('front-end figures skipped (BENCH_FRONT_END=false or no Chromium).');
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/*
 * What counting costs a reader's page view: the page server's kept article (web/server, br, as a
 * browser asks for it). "Off" is a page server without COUNT_SECRET and no beacon: the site without
 * counting. "On" is a page server with COUNT_SECRET, which counts each view in memory and sends the
 * CMS one request every COUNT_FLUSH_MS (5 s) with the views per article and day: how production
 * counts a first view (docs/performance.md). The second line, "beacon", is the design before it: the
 * page server without COUNT_SECRET followed by BENCH_BEACONS_PER_VIEW beacons per view to the CMS
 * (`POST /api/beacon`, text/plain as navigator.sendBeacon sends it, from the reader's own address):
 * 1 (the default) carries the view and every block's impression, 2 is a reader who scrolls to the
 * blocks later (the view, then the impressions). BENCH_COUNTING_BEACONS=false leaves it out.
 *
 * The rounds are short and interleaved (off on, on off, …: ABBA), on one CMS and one page server, so
 * that what the neighbours run on a shared machine falls on both states alike; each pair gives a
 * ratio, and the verdict reads the spread of those ratios. Beside throughput (which moves with the
 * neighbours), each server's CPU time per answer, which hardly does.
 */
const COUNTING_PAIRS = Number(process.env.BENCH_COUNTING_PAIRS ?? 10);
const COUNTING_SECONDS = Number(process.env.BENCH_COUNTING_SECONDS ?? 4);
const BEACONS_PER_VIEW = Number(process.env.BENCH_BEACONS_PER_VIEW ?? 1);
const READERS = 50;
const COUNTING_TARGET = 5;
// BENCH_COUNTING_FLOOR=true adds a third round to each pair: the same beacons answered 204 by a bare
// node:http process that only reads them, the least any beacon can cost on this machine.
const COUNTING_FLOOR = process.env.BENCH_COUNTING_FLOOR === 'true';
const COUNTING_BEACONS = process.env.BENCH_COUNTING_BEACONS !== 'false';
// The page server that counts views, beside the one that does not (BENCH_COMPARE_PORT is WEB_PORT + 1).
const COUNTED_URL = `http://${HOST}:${Number(process.env.BENCH_COUNTED_PORT ?? WEB_PORT + 2)}`;
const BENCH_BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

/** One request on a keep-alive agent, its answer read to the end: resolves its status. */
function send(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { agent, method, headers }, (answer) => {
      answer.resume();
      answer.on('end', () => resolve(answer.statusCode));
      answer.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A distinct reader address per beacon (24 bits: no address comes back within a round). */
const beaconAddress = (sequence) => `10.${(sequence >> 16) & 255}.${(sequence >> 8) & 255}.${sequence & 255}`;

const quantile = (sorted, q) => {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
};
const spread = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
};
const describeSpread = (s, digits = 1, unit = ' %') =>
  `median ${fmt(s.median, digits)}${unit}, IQR ${fmt(s.q1, digits)} to ${fmt(s.q3, digits)}${unit}, min–max ${fmt(s.min, digits)} to ${fmt(s.max, digits)}${unit}`;

/** A bare node:http process answering every request 204 once its body is read, on a free port. */
async function startBeaconFloor() {
  const source = `
    const server = require('node:http').createServer((request, response) => {
      request.resume();
      request.on('end', () => { response.writeHead(204, { 'cache-control': 'no-store' }); response.end(); });
    });
    server.listen(0, process.argv[1], () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', source, HOST], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  cleanups.push(stop);
  const [port] = await once(child.stdout, 'data');
  return {
    url: `http://${HOST}:${String(port).trim()}/api/beacon`,
    stop,
    cpuMs: () => processCpuMs(child.pid),
  };
}

/** Views of one article stored in the counters (0 before the table exists). */
function storedViews(databaseFile, articleDocumentId) {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare(
          "SELECT coalesce(sum(count), 0) AS n FROM reader_counts WHERE kind = 'view' AND article_document_id = ?",
        )
        .get(articleDocumentId).n ?? 0
    );
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

async function measureCounting(databaseFile) {
  await buildWeb();
  const secret = randomBytes(32).toString('base64');
  const cms = await bootCms(databaseFile, { COUNTING: 'on', COUNT_SECRET: secret });
  const server = await startPageServer();
  const counted = await startPageServer(webDir, COUNTED_URL, { COUNT_SECRET: secret });
  const pageUrls = {
    off: `${WEB_URL}/articles/${SLUG}`,
    on: `${COUNTED_URL}/articles/${SLUG}`,
    beacon: `${WEB_URL}/articles/${SLUG}`,
    floor: `${WEB_URL}/articles/${SLUG}`,
  };
  const beaconUrl = `${CMS_URL}/api/beacon`;
  const { article, groups } = (await (await fetch(`${CMS_URL}/api/pages/article/${SLUG}`)).json()).data;
  const view = { kind: 'view' };
  const impressions = groups.map((group) => ({
    kind: 'impression',
    group: group.documentId,
    variant: 'a',
  }));
  const bodies = (BEACONS_PER_VIEW === 1 ? [[view, ...impressions]] : [[view], impressions]).map((events) =>
    JSON.stringify({ article: article.documentId, events }),
  );
  const viewsBefore = storedViews(databaseFile, article.documentId);
  // The page server learns the content version within a second; then the article is kept.
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const pageAgent = new http.Agent({ keepAlive: true, maxSockets: READERS });
  const beaconAgent = new http.Agent({ keepAlive: true, maxSockets: READERS });
  const pageHeaders = { ...BROWSER_ENCODINGS, 'user-agent': BENCH_BROWSER };
  const floor = COUNTING_FLOOR ? await startBeaconFloor() : undefined;
  const beaconsTo = { beacon: beaconUrl, floor: floor?.url };
  // The CPU of whatever answers beacons (and of the CMS's version checks in every state).
  const beaconServerCpuMs = () => cms.cpuMs() + (floor?.cpuMs() ?? 0);
  const pageServersCpuMs = () => server.cpuMs() + counted.cpuMs();
  let sequence = 0;
  let beaconsAnswered = 0;
  let viewsCountedByPageServer = 0;

  /** READERS readers in a loop for `seconds`: a page, then its beacons in the beacon states. */
  async function round(counting, seconds) {
    const cmsBefore = beaconServerCpuMs();
    const pageBefore = pageServersCpuMs();
    const benchBefore = process.cpuUsage();
    const started = performance.now();
    const until = started + seconds * 1000;
    let views = 0;
    let beacons = 0;
    let failed = 0;
    const reader = async () => {
      while (performance.now() < until) {
        if ((await send(pageAgent, pageUrls[counting], { headers: pageHeaders })) !== 200) failed += 1;
        if (beaconsTo[counting] !== undefined) {
          for (const body of bodies) {
            const status = await send(beaconAgent, beaconsTo[counting], {
              method: 'POST',
              body,
              headers: {
                'content-type': 'text/plain;charset=UTF-8',
                'content-length': Buffer.byteLength(body),
                origin: WEB_URL,
                'user-agent': BENCH_BROWSER,
                'x-forwarded-for': beaconAddress((sequence += 1)),
              },
            });
            if (status === 204) beacons += 1;
            else failed += 1;
          }
        }
        views += 1;
      }
    };
    await Promise.all(Array.from({ length: READERS }, reader));
    const wallSeconds = (performance.now() - started) / 1000;
    const bench = process.cpuUsage(benchBefore);
    if (counting === 'beacon') beaconsAnswered += beacons;
    if (counting === 'on') viewsCountedByPageServer += views;
    return {
      counting,
      views,
      beacons,
      failed,
      viewsPerSecond: views / wallSeconds,
      pageCpuPerView: (pageServersCpuMs() - pageBefore) / views,
      cmsCpuPerView: (beaconServerCpuMs() - cmsBefore) / views,
      benchCpuPerView: (bench.user + bench.system) / 1000 / views,
    };
  }

  log(
    `counting: ${COUNTING_PAIRS} pairs of ${COUNTING_SECONDS} s rounds (ABBA), ${READERS} readers; on: the page server counts the views${COUNTING_BEACONS ? `; beacon: ${BEACONS_PER_VIEW} beacon(s) per view instead` : ''}…`,
  );
  // Warm-up (JIT, keep-alive sockets, the CMS's article lookup), not measured.
  await round('on', 1);
  await round('off', 1);
  if (COUNTING_BEACONS) await round('beacon', 1);
  const pairs = [];
  for (let index = 0; index < COUNTING_PAIRS; index += 1) {
    const states = [
      'off',
      'on',
      ...(COUNTING_BEACONS ? ['beacon'] : []),
      ...(COUNTING_FLOOR ? ['floor'] : []),
    ];
    const order = index % 2 === 0 ? states : [...states].reverse();
    const rounds = {};
    for (const counting of order) rounds[counting] = await round(counting, COUNTING_SECONDS);
    pairs.push(rounds);
  }
  pageAgent.destroy();
  beaconAgent.destroy();
  if (floor) {
    await floor.stop();
    cleanups.pop();
  }
  // Graceful stops send and write what is pending: every view counted is a view stored.
  await counted.stop();
  cleanups.pop();
  await server.stop();
  cleanups.pop();
  // The CMS last: the page server that counted has sent it its last flush.
  await cms.stop();
  cleanups.pop();
  const viewsStored = storedViews(databaseFile, article.documentId) - viewsBefore;
  const viewsExpected = viewsCountedByPageServer + beaconsAnswered / bodies.length;

  const cpuPerView = (r) => r.pageCpuPerView + r.cmsCpuPerView;
  console.log(
    '\n| pair | order | views/s off | views/s on | on/off | page server CPU ms/view off → on | CMS CPU ms/view off → on | both, on/off |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
  const states = Object.keys(pairs[0] ?? {});
  pairs.forEach(({ off, on }, index) => {
    console.log(
      `| ${index + 1} | ${(index % 2 === 0 ? states : [...states].reverse()).join(' ')} | ${fmt(off.viewsPerSecond)} | ${fmt(on.viewsPerSecond)} | ${fmt(on.viewsPerSecond / off.viewsPerSecond, 3)} | ${fmt(off.pageCpuPerView, 3)} → ${fmt(on.pageCpuPerView, 3)} | ${fmt(off.cmsCpuPerView, 3)} → ${fmt(on.cmsCpuPerView, 3)} | ${fmt(cpuPerView(on) / cpuPerView(off), 3)} |`,
    );
  });
  const failed = pairs.reduce(
    (sum, rounds) => sum + Object.values(rounds).reduce((n, round) => n + round.failed, 0),
    0,
  );
  const drops = pairs.map(({ off, on }) => 100 * (1 - on.viewsPerSecond / off.viewsPerSecond));
  // What the servers can answer is the inverse of their CPU per view once the cores are full: the
  // drop the CPU predicts, free of the neighbours and of this script's own work.
  const cpuDrops = pairs.map(({ off, on }) => 100 * (1 - cpuPerView(off) / cpuPerView(on)));
  const median = (pick) => spread(pairs.flatMap(pick)).median;
  const throughput = spread(drops);
  const cpu = spread(cpuDrops);
  const cmsPerBeacon = COUNTING_BEACONS
    ? (median(({ beacon }) => [(beacon.cmsCpuPerView * beacon.views) / Math.max(1, beacon.beacons)]) ?? 0)
    : 0;
  console.log(
    `\nCPU per answer (medians of the rounds): page server ${fmt(
      median(({ off }) => [off.pageCpuPerView]),
      3,
    )} ms per page off, ${fmt(
      median(({ on }) => [on.pageCpuPerView]),
      3,
    )} ms on; CMS ${fmt(
      median(({ off }) => [off.cmsCpuPerView]),
      3,
    )} ms per view off (the page server's version checks), ${fmt(
      median(({ on }) => [on.cmsCpuPerView]),
      3,
    )} ms on (the flushes), ${fmt(cmsPerBeacon, 3)} ms per beacon; this script ${fmt(
      median(({ off }) => [off.benchCpuPerView]),
      3,
    )} ms per view off, ${fmt(
      median(({ on }) => [on.benchCpuPerView]),
      3,
    )} ms on (the load, not the site).`,
  );
  console.log(
    `Views/s median: ${fmt(median(({ off }) => [off.viewsPerSecond]))} off, ${fmt(median(({ on }) => [on.viewsPerSecond]))} on; ${fmt(viewsCountedByPageServer)} views counted by the page server, ${fmt(beaconsAnswered)} beacons answered 204, ${fmt(viewsStored)} views stored${viewsStored === viewsExpected ? ' (every one)' : ` (expected ${fmt(viewsExpected)}: NOT EXACT)`}; ${failed} answers not 200/204.`,
  );
  console.log(
    `Pages per second lost with counting on, per pair: ${describeSpread(throughput)}. From the servers' CPU per view: ${describeSpread(cpu)}.`,
  );
  const verdict = (s) =>
    s.q3 < COUNTING_TARGET
      ? `shown (three pairs in four lose under ${COUNTING_TARGET} %)`
      : s.q1 >= COUNTING_TARGET
        ? `missed (three pairs in four lose ${COUNTING_TARGET} % or more)`
        : `not shown (the pairs' spread straddles ${COUNTING_TARGET} %: rerun on a quieter machine or with more pairs)`;
  console.log(
    `Verdict, cached article page with counting on, target under ${COUNTING_TARGET} % fewer pages per second: throughput ${verdict(throughput)}; servers' CPU ${verdict(cpu)}.`,
  );
  if (COUNTING_BEACONS) {
    const beaconDrops = spread(
      pairs.map(({ off, beacon }) => 100 * (1 - beacon.viewsPerSecond / off.viewsPerSecond)),
    );
    const beaconCpuDrops = spread(
      pairs.map(({ off, beacon }) => 100 * (1 - cpuPerView(off) / cpuPerView(beacon))),
    );
    console.log(
      `Before (the view in a beacon, ${BEACONS_PER_VIEW} beacon(s) per view to the CMS, page server not counting): pages per second lost, per pair: ${describeSpread(beaconDrops)}; from the servers' CPU per view: ${describeSpread(beaconCpuDrops)}.`,
    );
  }
  if (floor) {
    const floorDrops = spread(
      pairs.map(({ off, floor: least }) => 100 * (1 - least.viewsPerSecond / off.viewsPerSecond)),
    );
    const floorCpuDrops = spread(
      pairs.map(({ off, floor: least }) => 100 * (1 - cpuPerView(off) / cpuPerView(least))),
    );
    const floorPerBeacon = median(({ floor: least }) => [
      (least.cmsCpuPerView * least.views) / Math.max(1, least.beacons),
    ]);
    console.log(
      `Floor, the same beacons answered 204 by a bare node:http process that only reads them: ${fmt(floorPerBeacon, 3)} ms of CPU per beacon; pages per second lost, per pair: ${describeSpread(floorDrops)}; from the servers' CPU per view: ${describeSpread(floorCpuDrops)}.`,
    );
  }
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
