// Boots the compiled CMS as production runs it, for the tools that load it from outside
// (`npm run bench`, `npm run soak`): compiled once, started on a port of its own with a throwaway
// database and fresh secrets, ready when /_health answers.
import { generateStrapiSecrets } from '@kiosque/shared';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const cmsDir = fileURLToPath(new URL('../..', import.meta.url));
/** The CMS's own dependencies (Strapi, better-sqlite3, pg), whichever folder the tool runs from. */
export const requireFromCms = createRequire(path.join(cmsDir, 'package.json'));

/** Compiles the CMS into cms/dist, as `strapi build` does; Strapi refuses to start without uploads/. */
export async function compileCms() {
  mkdirSync(path.join(cmsDir, 'public', 'uploads'), { recursive: true });
  const { compileStrapi } = requireFromCms('@strapi/strapi');
  await compileStrapi({ appDir: cmsDir });
}

/** The environment of a production CMS on 127.0.0.1:`port`, with fresh secrets; `extra` last. */
export function productionEnv({ port, database, ...extra }) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    STRAPI_TELEMETRY_DISABLED: 'true',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...generateStrapiSecrets(),
    ...database.env,
    ...extra,
  };
}

const exited = (child) => child.exitCode !== null || child.signalCode !== null;

/** Resolves once `url` answers below 500; rejects if `child` exits first or `timeoutMs` passes. */
export async function waitForHttp(url, child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * Starts the compiled CMS with `env` (as `strapi start` does, without its CLI) and resolves once
 * /_health answers. Strapi's start-up banner is noise here: warnings and errors still show.
 * `nodeArgs` go to node before the script (a CPU profile, for instance).
 */
export async function startCms({ env, nodeArgs = [] }) {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '-e',
      "require('@strapi/strapi').createStrapi({ appDir: process.cwd(), distDir: 'dist' }).start()",
    ],
    { cwd: cmsDir, env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exit = async (signal, graceMs) => {
    if (exited(child)) return;
    const done = once(child, 'exit');
    child.kill(signal);
    const timer = graceMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  };
  const cms = {
    child,
    url: `http://127.0.0.1:${env.PORT}`,
    /** SIGTERM, as an orchestrator stops it; SIGKILL if it has not exited 5 s later. */
    stop: () => exit('SIGTERM', 5000),
    /** SIGKILL: a crash, with no chance to finish what it was doing. */
    kill: () => exit('SIGKILL'),
  };
  try {
    await waitForHttp(`${cms.url}/_health`, child);
  } catch (error) {
    await cms.kill();
    throw error;
  }
  return cms;
}

/** A SQLite database in `filename`, removed with its journal files by drop(). */
export function sqliteDatabase(filename) {
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
    filename,
    async drop() {
      for (const suffix of ['', '-wal', '-shm']) rmSync(filename + suffix, { force: true });
    },
  };
}

/** A throwaway PostgreSQL database `name`, created through `adminUrl` and dropped by drop(). */
export async function postgresDatabase(adminUrl, name) {
  const pg = requireFromCms('pg');
  const onAdmin = async (statement) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await onAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() },
    url: url.toString(),
    drop: () => onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
