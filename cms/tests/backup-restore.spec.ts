import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRAPI_SECRET_NAMES, generateStrapiSecret } from '@kiosque/shared';
import { freePort } from './helpers/free-port';
import { postgresDatabaseEnv, withPostgresAdmin } from './helpers/postgres';
import { testDatabase } from './helpers/strapi';

// The backup drill of docs/operations.md: a site with the demo content, a reader's approved comment
// and an uploaded image is backed up with `npm run backup`, its database dropped and its uploads
// deleted, restored with `npm run restore`, and the CMS started again answers the same. The CMS runs
// as it does in production (its own process, NODE_ENV=production), on this run's database kind.

const cmsDir = fileURLToPath(new URL('..', import.meta.url));
const scripts = fileURLToPath(new URL('../../scripts/backup/', import.meta.url));
const run = promisify(execFile);
const ADMIN = { email: 'sauvegarde@kiosque.test', password: 'Kiosque-Sauvegarde-2026' };
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const name = `kiosque_drill_${randomBytes(4).toString('hex')}`;
const work = mkdtempSync(path.join(tmpdir(), `${name}-`));
const publicDir = path.join(work, 'public');
const backupDir = path.join(work, 'backup');
const sqliteFile = path.join(work, 'data.db');
let env: NodeJS.ProcessEnv;
let base: string;
let cms: ChildProcess | undefined;

async function postgresAdmin(sql: string): Promise<void> {
  await withPostgresAdmin((client) => client.query(sql));
}

async function startCms(): Promise<void> {
  const child = spawn(
    process.execPath,
    ['-e', "require('@strapi/strapi').createStrapi({ appDir: process.cwd(), distDir: 'dist' }).start()"],
    { cwd: cmsDir, env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  cms = child;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the CMS exited with code ${child.exitCode}`);
    const ready = await fetch(`${base}/_ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the CMS was not ready within 90 s');
}

async function stopCms(): Promise<void> {
  const child = cms;
  cms = undefined;
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function api(pathname: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${pathname}`, init);
}

// The answers are the CMS's JSON of several shapes, compared whole: their fields are read loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(pathname: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await api(pathname, init);
  return { status: response.status, body: await response.json() };
}

async function adminToken(): Promise<string> {
  const { status, body } = await json('/admin/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(status).toBe(200);
  return body.data.token;
}

/** What readers and editors can see of the site: every article page, comments included, and every file's bytes. */
async function snapshot(token: string) {
  const list = await json('/api/articles?pagination[pageSize]=100');
  expect(list.status).toBe(200);
  const articles = [...list.body.data].sort((a, b) => a.slug.localeCompare(b.slug));
  const pages = [];
  for (const article of articles) {
    const page = await json(`/api/pages/article/${article.slug}`);
    expect(page.status).toBe(200);
    pages.push(page.body);
  }
  const files = await json('/upload/files?pageSize=100', { headers: { Authorization: `Bearer ${token}` } });
  expect(files.status).toBe(200);
  const media: Record<string, string> = {};
  for (const file of files.body.results ?? files.body) {
    const bytes = Buffer.from(await (await api(file.url)).arrayBuffer());
    media[file.url] = bytes.toString('base64');
  }
  return { articles, pages, media };
}

async function runScript(script: 'backup' | 'restore', ...args: string[]) {
  return run(process.execPath, [path.join(scripts, `${script}.mjs`), ...args], { env });
}

beforeAll(async () => {
  mkdirSync(path.join(publicDir, 'uploads'), { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  let database: Record<string, string>;
  if (testDatabase === 'postgres') {
    await postgresAdmin(`CREATE DATABASE ${name}`);
    database = postgresDatabaseEnv(name);
  } else {
    database = { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: sqliteFile };
  }
  env = {
    ...process.env,
    ...database,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    CMS_PUBLIC_DIR: publicDir,
    SEED_DEMO_CONTENT: 'true',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'error',
    METRICS_PORT: 'off',
  };
  for (const name of STRAPI_SECRET_NAMES) env[name] = generateStrapiSecret(name);
  await startCms();
}, 120_000);

afterAll(async () => {
  await stopCms();
  if (testDatabase === 'postgres') await postgresAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  rmSync(work, { recursive: true, force: true });
});

describe('the backup drill', () => {
  it('restores a wiped site that then answers the same articles, comments and files', async () => {
    // The site: demo content, an image an editor uploaded, a reader's comment a moderator approved.
    const token = await adminToken();
    const form = new FormData();
    form.append('files', new Blob([PNG], { type: 'image/png' }), 'plan-du-salon.png');
    const uploaded = await json('/upload', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const { body: articles } = await json('/api/articles?pagination[pageSize]=1');
    const comment = await json('/api/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({
        data: {
          article: articles.data[0].documentId,
          authorName: 'Mariam',
          authorEmail: 'mariam@example.org',
          content: 'Merci pour ces conseils, je les garde pour mon prochain entretien.',
        },
      }),
    });
    expect(comment.status).toBe(201);
    const moderated = await json(
      `/content-manager/collection-types/api::comment.comment/${comment.body.data.documentId}`,
      {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ moderationStatus: 'approved' }),
      },
    );
    expect(moderated.status).toBe(200);

    const before = await snapshot(token);
    expect(before.articles.length).toBeGreaterThan(0);
    expect(JSON.stringify(before.pages)).toContain('je les garde pour mon prochain entretien');
    // Strapi re-encodes an image it stores: the bytes to keep are those it wrote and serves.
    const stored = readFileSync(path.join(publicDir, uploaded.body[0].url));
    expect(stored.subarray(1, 4).toString()).toBe('PNG');
    expect(before.media[uploaded.body[0].url]).toBe(stored.toString('base64'));

    // Backed up while the CMS runs; a second backup into the same folder is refused.
    const backup = await runScript('backup', backupDir);
    console.info('drill:', backup.stdout.trim());
    await expect(runScript('backup', backupDir)).rejects.toMatchObject({
      stderr: expect.stringContaining('already holds a backup'),
    });
    // A restore over the live site is refused without --force.
    await expect(runScript('restore', backupDir)).rejects.toMatchObject({
      stderr: expect.stringContaining('Refusing to restore over existing data'),
    });

    // The site is lost: the database dropped and created empty, the uploads deleted.
    await stopCms();
    if (testDatabase === 'postgres') {
      await postgresAdmin(`DROP DATABASE ${name} WITH (FORCE)`);
      await postgresAdmin(`CREATE DATABASE ${name}`);
    } else {
      for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });
    }
    rmSync(path.join(publicDir, 'uploads'), { recursive: true, force: true });
    mkdirSync(path.join(publicDir, 'uploads'));

    const restore = await runScript('restore', backupDir);
    console.info('drill:', restore.stdout.trim());
    expect(readdirSync(path.join(publicDir, 'uploads')).length).toBeGreaterThan(0);

    await startCms();
    const after = await snapshot(await adminToken());
    expect(after).toEqual(before);
  }, 120_000);
});
