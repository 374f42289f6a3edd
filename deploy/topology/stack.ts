import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../cms/tests/helpers/free-port';
import { postgresDatabaseEnv, withPostgresAdmin } from '../../cms/tests/helpers/postgres';
import { startSmtp, type TestSmtp } from '../../cms/tests/helpers/smtp';
import { startNginx, type RunningNginx } from '../nginx-harness';

/*
 * The production topology of docker-compose.yml, run natively: the machine's PostgreSQL (a throwaway
 * database), two CMS instances in production mode on it (the build deploy/cms.Dockerfile makes,
 * `strapi start` as its CMD), the page server's production build (deploy/web.Dockerfile's `site`),
 * and Debian's nginx on the repository's template in front of all of them, with the addresses of
 * this machine in place of Compose's names.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CMS_DIR = path.join(ROOT, 'cms');
const WEB_DIR = path.join(ROOT, 'web');
const UPLOADS_DIR = path.join(CMS_DIR, 'public', 'uploads');
const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const ADMIN_HOST = 'admin.kiosque.test';
export const EDITOR = { email: 'redaction@kiosque.test', password: 'Topologie-Kiosque-2026' };
/** How often each instance checks the shared cache generation (short, so that the stage is). */
export const RESPONSE_CACHE_SYNC_MS = 1000;
/** How often each instance writes the reader counters it batched. */
export const COUNT_FLUSH_MS = 1000;
/** How often each instance looks for mails to send (short, so that the stage is). */
export const MAIL_POLL_MS = 200;

export interface CmsInstance {
  name: 'A' | 'B';
  port: number;
  url: string;
  process: ChildProcess;
  /** SIGKILL, as a crashed container: no graceful shutdown, in-flight requests cut. */
  kill: () => Promise<void>;
}

export interface Stack {
  /** nginx, the only address readers and editors use. */
  front: { port: number; url: string };
  cms: [CmsInstance, CmsInstance];
  database: pg.Client;
  nginx: RunningNginx;
  /** The mail server both instances send to (a real SMTP server, every mail it accepted, parsed). */
  smtp: TestSmtp;
  stop: () => Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, name: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function secrets(): Record<string, string> {
  const random = () => randomBytes(24).toString('base64');
  return {
    APP_KEYS: [random(), random()].join(','),
    ADMIN_JWT_SECRET: random(),
    API_TOKEN_SALT: random(),
    TRANSFER_TOKEN_SALT: random(),
    JWT_SECRET: random(),
    ENCRYPTION_KEY: random(),
    PREVIEW_SECRET: random(),
    MAIL_SECRET: random(),
    // The CMS and the page server share it: the page server sends the article views it counted.
    COUNT_SECRET: random(),
  };
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  name: string,
): ChildProcess {
  // A process group of its own, so that kill() reaches whatever it started.
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString()}`));
  return child;
}

async function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
  await exited;
}

/** Boots the whole topology; `stop` takes it down and drops the database. */
export async function startStack(): Promise<Stack> {
  const started: ChildProcess[] = [];
  const uploadsBefore = new Set(readdirSync(UPLOADS_DIR));
  const databaseName = `kiosque_topology_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withPostgresAdmin((client) => client.query(`CREATE DATABASE ${databaseName}`), POSTGRES_ADMIN_URL);
  const [frontPort, internalPort, portA, portB, sitePort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const front = { port: frontPort, url: `http://127.0.0.1:${frontPort}` };
  const smtp = await startSmtp();

  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    STRAPI_TELEMETRY_DISABLED: 'true',
    LOG_LEVEL: 'warn',
    METRICS_PORT: 'off',
  };
  // What docker-compose.yml gives `cms` and `cms-2`: one database, one set of secrets.
  const cmsSecrets = secrets();
  const cmsEnv: NodeJS.ProcessEnv = {
    ...base,
    ...cmsSecrets,
    HOST: '127.0.0.1',
    ...postgresDatabaseEnv(databaseName, POSTGRES_ADMIN_URL),
    SITE_URL: front.url,
    CORS_ORIGINS: front.url,
    TRUST_PROXY: 'true',
    TRUST_PROXY_HOPS: '1',
    RESPONSE_CACHE_SYNC_MS: String(RESPONSE_CACHE_SYNC_MS),
    // The reader counters written every second (5 by default), so that the stage waits less.
    COUNT_FLUSH_MS: String(COUNT_FLUSH_MS),
    // The newsroom's mail, as an operator sets it: the links in mails lead to the public address.
    PUBLIC_URL: front.url,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    MAIL_FROM: 'Kiosque <ne-pas-repondre@kiosque.test>',
    MAIL_POLL_MS: String(MAIL_POLL_MS),
    MAIL_RETRY_BASE_MS: String(MAIL_POLL_MS),
  };

  const startCms = async (name: 'A' | 'B', port: number, extra: NodeJS.ProcessEnv): Promise<CmsInstance> => {
    const child = run(
      process.execPath,
      [STRAPI_BIN, 'start'],
      CMS_DIR,
      { ...cmsEnv, ...extra, PORT: String(port) },
      `cms ${name}`,
    );
    started.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/_ready`, child, `CMS ${name}`);
    return { name, port, url, process: child, kill: () => killGroup(child, 'SIGKILL') };
  };

  const stop = async () => {
    await nginx?.stop();
    await Promise.all(started.map((child) => killGroup(child, 'SIGTERM')));
    await smtp.close();
    await database?.end().catch(() => undefined);
    await withPostgresAdmin(
      (client) => client.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`),
      POSTGRES_ADMIN_URL,
    );
    // The demo covers and anything uploaded during the run, not what was there before.
    for (const file of readdirSync(UPLOADS_DIR)) {
      if (!uploadsBefore.has(file)) rmSync(path.join(UPLOADS_DIR, file), { recursive: true, force: true });
    }
  };

  let nginx: RunningNginx | undefined;
  let database: pg.Client | undefined;
  try {
    // The first instance creates the schema, the demo content and the first administrator (as `cms`
    // does, once, from ADMIN_EMAIL and ADMIN_PASSWORD); the second starts on it as `cms-2`, without them.
    const a = await startCms('A', portA, {
      SEED_DEMO_CONTENT: 'true',
      ADMIN_EMAIL: EDITOR.email,
      ADMIN_PASSWORD: EDITOR.password,
    });
    const b = await startCms('B', portB, { SEED_DEMO_CONTENT: 'false' });
    nginx = await startNginx({
      KIOSQUE_LISTEN: `127.0.0.1:${frontPort}`,
      KIOSQUE_INTERNAL_LISTEN: `127.0.0.1:${internalPort}`,
      KIOSQUE_CMS_A: `127.0.0.1:${portA}`,
      KIOSQUE_CMS_B: `127.0.0.1:${portB}`,
      KIOSQUE_SITE: `127.0.0.1:${sitePort}`,
      KIOSQUE_ROOT: path.join(WEB_DIR, 'dist'),
      ADMIN_HOST,
    });
    // What the `site` service runs, reaching the CMS through nginx's internal port.
    const site = run(
      process.execPath,
      ['build/server/main.js'],
      WEB_DIR,
      {
        ...base,
        HOST: '127.0.0.1',
        PORT: String(sitePort),
        CMS_URL: `http://127.0.0.1:${internalPort}`,
        SITE_URL: front.url,
        PROXY_API: 'false',
        COUNT_SECRET: cmsSecrets.COUNT_SECRET,
      },
      'site',
    );
    started.push(site);
    await waitFor(`http://127.0.0.1:${sitePort}/readyz`, site, 'the page server');
    database = new pg.Client({
      connectionString: `${POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, '')}/${databaseName}`,
    });
    await database.connect();
    return { front, cms: [a, b], database, nginx, smtp, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
