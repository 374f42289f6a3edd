import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as StrapiExports from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import pg from 'pg';
import supertest from 'supertest';

type StrapiModule = typeof StrapiExports;

const loadCommonJs = createRequire(import.meta.url);
const appDir = fileURLToPath(new URL('../..', import.meta.url));

export const ADMIN_CREDENTIALS = { email: 'editrice@kiosque.test', password: 'Kiosque-Test-2026' };

export type TestDatabase = 'sqlite' | 'postgres';

export const testDatabase: TestDatabase = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface RunningCms {
  strapi: Core.Strapi;
  http: () => ReturnType<typeof supertest>;
  stop: () => Promise<void>;
}

async function withPostgresAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Points the CMS at a database of its own and returns how to remove it afterwards. */
async function createThrowawayDatabase(): Promise<() => Promise<void>> {
  const name = `kiosque_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (testDatabase === 'postgres') {
    await withPostgresAdmin((client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(POSTGRES_ADMIN_URL);
    Object.assign(process.env, {
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: url.hostname,
      DATABASE_PORT: url.port || '5432',
      DATABASE_USERNAME: decodeURIComponent(url.username) || 'postgres',
      DATABASE_PASSWORD: decodeURIComponent(url.password),
      DATABASE_NAME: name,
    });
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

/**
 * Makes the CMS listen on a free loopback port (for requests with real headers, e.g. fetch with
 * X-Forwarded-For) and answers its base URL. The backlog takes 2,000 connections opened at once.
 */
export async function listenOnLoopback(cms: RunningCms): Promise<string> {
  const server = cms.strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
