import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as StrapiExports from '@strapi/strapi';
import { E2E_ADMIN } from './admin';
import { ARTIFACTS_DIR, E2E_CMS_URL, E2E_WEB_URL } from './ports';

type StrapiModule = typeof StrapiExports;

const webDir = fileURLToPath(new URL('..', import.meta.url));
const cmsDir = fileURLToPath(new URL('../../cms', import.meta.url));

async function waitUntilAnswers(url: string, process: ChildProcess, name = 'CMS'): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`The ${name} exited with code ${process.exitCode}.`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The ${name} did not answer at ${url} within two minutes.`);
}

/**
 * Boots the real CMS on a fresh SQLite database with its demo content, builds the SPA and its server
 * as production does, and starts that server (web/server: page heads, feeds, /uploads); the browser
 * tests then drive Chromium against both.
 */
export default async function startCmsAndSpa(): Promise<() => Promise<void>> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const databaseFile = path.join(tmpdir(), `kiosque-e2e-${randomBytes(4).toString('hex')}.db`);
  const cmsPort = new URL(E2E_CMS_URL).port;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: databaseFile,
    HOST: '127.0.0.1',
    PORT: cmsPort,
    CORS_ORIGINS: E2E_WEB_URL,
    SITE_URL: E2E_WEB_URL,
    VITE_API_URL: E2E_CMS_URL,
    ADMIN_EMAIL: E2E_ADMIN.email,
    ADMIN_PASSWORD: E2E_ADMIN.password,
    // Shared by the CMS and the page server, which counts the article views it answers.
    COUNT_SECRET: randomBytes(24).toString('base64'),
  });

  // Another run (another worktree) may hold the ports; its CMS would answer our health check.
  const alreadyServed = await fetch(`${E2E_CMS_URL}/_health`).then(
    () => true,
    () => false,
  );
  if (alreadyServed) {
    throw new Error(`Something already listens on ${E2E_CMS_URL}: wait for the other end-to-end run to end.`);
  }

  // Strapi's ESM build cannot be loaded from vitest; its CommonJS build can.
  const { compileStrapi } = createRequire(import.meta.url)('@strapi/strapi') as StrapiModule;
  await compileStrapi({ appDir: cmsDir });
  // The CMS runs in a process of its own, as in production, so that nothing it leaves running
  // (timers, pools) keeps the test runner alive.
  const cms = spawn(
    process.execPath,
    ['-e', "require('@strapi/strapi').createStrapi({ appDir: process.cwd(), distDir: 'dist' }).start()"],
    {
      cwd: cmsDir,
      // No metrics port: a CMS in development on this machine may hold the default one.
      env: { ...process.env, LOG_LEVEL: 'warn', METRICS_PORT: 'off' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  await waitUntilAnswers(`${E2E_CMS_URL}/_health`, cms);

  // `npm run build -w web`: the SPA (for this CMS's origin, as VITE_API_URL says) and web/server.
  execFileSync('npm', ['run', 'build'], {
    cwd: webDir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const webPort = new URL(E2E_WEB_URL).port;
  const web = spawn(process.execPath, ['build/server/main.js'], {
    cwd: webDir,
    // PAGE_CACHE=off: these tests write content and read the page at once, whereas a kept page may
    // outlive a change by up to a second by design (the page server checks the CMS's content version
    // once a second). A kept page is the render's own bytes; web/server/page-cache.spec.ts and
    // deploy/page-cache.spec.ts hold the cache itself.
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: webPort,
      CMS_URL: E2E_CMS_URL,
      METRICS_PORT: 'off',
      PAGE_CACHE: 'off',
      // The WordPress import's spec waits for the old addresses it created to answer.
      REDIRECTS_REFRESH_S: '1',
      // The views it counted reach the CMS within a fraction of a second, for the tests to read.
      COUNT_FLUSH_MS: '200',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntilAnswers(`${E2E_WEB_URL}/healthz`, web, 'web server');

  return async () => {
    web.kill('SIGTERM');
    cms.kill('SIGTERM');
    await Promise.all([once(web, 'exit'), once(cms, 'exit')]);
    for (const suffix of ['', '-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });
  };
}
