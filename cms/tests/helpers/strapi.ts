import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as StrapiExports from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import supertest from 'supertest';
import { postgresDatabaseEnv, withPostgresAdmin } from './postgres';

type StrapiModule = typeof StrapiExports;

const loadCommonJs = createRequire(import.meta.url);
const appDir = fileURLToPath(new URL('../..', import.meta.url));

export const ADMIN_CREDENTIALS = { email: 'editrice@kiosque.test', password: 'Kiosque-Test-2026' };

export type TestDatabase = 'sqlite' | 'postgres';

export const testDatabase: TestDatabase = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export interface RunningCms {
  strapi: Core.Strapi;
  http: () => ReturnType<typeof supertest>;
  stop: () => Promise<void>;
}

/** Points the CMS at a database of its own and returns how to remove it afterwards. */
async function createThrowawayDatabase(): Promise<() => Promise<void>> {
  const name = `kiosque_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (testDatabase === 'postgres') {
    await withPostgresAdmin((client) => client.query(`CREATE DATABASE ${name}`));
    Object.assign(process.env, postgresDatabaseEnv(name));
    return () =>
      withPostgresAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => {},
      );
  }
  const filename = path.join(tmpdir(), `${name}.db`);
  Object.assign(process.env, { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename });
  return async () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(filename + suffix, { force: true });
  };
}

/**
 * Boots the real, compiled CMS on a fresh database, with the demo content and the first
 * administrator, and answers HTTP through supertest.
 */
export async function startCms(env: Record<string, string> = {}): Promise<RunningCms> {
  const dropDatabase = await createThrowawayDatabase();
  Object.assign(process.env, {
    ADMIN_EMAIL: ADMIN_CREDENTIALS.email,
    ADMIN_PASSWORD: ADMIN_CREDENTIALS.password,
    ...env,
  });

  const { createStrapi } = loadCommonJs('@strapi/strapi') as StrapiModule;
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await strapi.load();
  await strapi.server.mount();

  return {
    strapi,
    http: () => supertest(strapi.server.httpServer),
    // strapi.destroy() removes every process listener, which cuts vitest's worker channel.
    stop: async () => {
      await strapi.server.destroy();
      await strapi.db.destroy();
      await dropDatabase();
    },
  };
}

/** Requests as the signed-in editor: each carries the admin's bearer token, as the admin panel's do. */
export function asEditor(cms: RunningCms, token: string) {
  const signed = (test: supertest.Test) => test.set('Authorization', `Bearer ${token}`);
  return {
    get: (url: string) => signed(cms.http().get(url)),
    put: (url: string, body: object) => signed(cms.http().put(url)).send(body),
    post: (url: string, body: object = {}) => signed(cms.http().post(url)).send(body),
  };
}

/** Logs into the admin like an editor in the browser, and returns the bearer token. */
export async function adminToken(cms: RunningCms): Promise<string> {
  const response = await cms.http().post('/admin/login').send(ADMIN_CREDENTIALS).expect(200);
  return response.body.data.token as string;
}

/**
 * Opens the CMS on a free port of 127.0.0.1 (for real fetches with real headers, e.g. X-Forwarded-For,
 * redirects unfollowed) and returns its base URL.
 */
export async function listenOnFreePort(cms: RunningCms): Promise<string> {
  const server = cms.strapi.server.httpServer;
  // A backlog for a crowd (a test may open a thousand connections at once), and idle connections
  // kept longer than a loaded machine may leave one unused: the client never sends on one the
  // server is closing (ECONNRESET).
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 }, resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The CMS as the counting and groups specs drive it: booted with `env`, open on a free port (for
 * real fetches from chosen addresses) and with an editor signed in (for the admin's routes).
 */
export async function startServedCms(
  env: Record<string, string> = {},
): Promise<{ cms: RunningCms; baseUrl: string; token: string }> {
  const cms = await startCms(env);
  return { cms, baseUrl: await listenOnFreePort(cms), token: await adminToken(cms) };
}
