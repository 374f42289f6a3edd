import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as StrapiExports from '@strapi/strapi';
import { build, preview } from 'vite';
import { E2E_ADMIN } from './admin';
import { ARTIFACTS_DIR, E2E_CMS_URL, E2E_WEB_URL } from './ports';

type StrapiModule = typeof StrapiExports;

const webDir = fileURLToPath(new URL('..', import.meta.url));
const cmsDir = fileURLToPath(new URL('../../cms', import.meta.url));

async function waitUntilAnswers(url: string, process: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`The CMS exited with code ${process.exitCode}.`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The CMS did not answer at ${url} within two minutes.`);
}

/**
 * Boots the real CMS on a fresh SQLite database with its demo content, builds the SPA for it as
 * production does, and serves the build; the browser tests then drive Chromium against both.
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
    VITE_API_URL: E2E_CMS_URL,
    ADMIN_EMAIL: E2E_ADMIN.email,
    ADMIN_PASSWORD: E2E_ADMIN.password,
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
    { cwd: cmsDir, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  await waitUntilAnswers(`${E2E_CMS_URL}/_health`, cms);

  await build({ root: webDir, logLevel: 'warn', mode: 'production' });
  const server = await preview({
    root: webDir,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: Number(new URL(E2E_WEB_URL).port), strictPort: true },
  });

  return async () => {
    await server.close();
    cms.kill('SIGTERM');
    await once(cms, 'exit');
    for (const suffix of ['', '-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });
  };
}
