// Where the CMS keeps a site's data, from the same variables and defaults as cms/config/database.ts
// and cms/config/server.ts, and the files of a backup folder. Shared by backup.mjs and restore.mjs.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cmsRoot = fileURLToPath(new URL('../../cms/', import.meta.url));

/** The files of a backup folder. */
export const BACKUP_FILES = {
  manifest: 'backup.json',
  postgres: 'database.pgdump',
  sqlite: 'database.sqlite',
  uploads: 'uploads.tar.gz',
};

/**
 * The database the CMS would use with this environment. For PostgreSQL, libpq's own variables
 * (PGHOST…) carry the connection to pg_dump and pg_restore, so that the password never shows in a
 * process list; DATABASE_URL goes as `--dbname`, and the variables fill in what it does not say, as
 * they do for the CMS.
 */
export function databaseOf(env = process.env) {
  const client = env.DATABASE_CLIENT ?? 'sqlite';
  if (client === 'sqlite') {
    return { client, filename: path.resolve(cmsRoot, env.DATABASE_FILENAME ?? '.tmp/data.db') };
  }
  if (client !== 'postgres') throw new Error(`DATABASE_CLIENT must be sqlite or postgres, not ${client}.`);
  const ssl = env.DATABASE_SSL === 'true';
  const libpq = {
    PGHOST: env.DATABASE_HOST ?? '127.0.0.1',
    PGPORT: env.DATABASE_PORT ?? '5432',
    PGDATABASE: env.DATABASE_NAME ?? 'kiosque',
    PGUSER: env.DATABASE_USERNAME ?? 'postgres',
    PGPASSWORD: env.DATABASE_PASSWORD ?? '',
    PGSSLMODE: ssl
      ? env.DATABASE_SSL_REJECT_UNAUTHORIZED === 'false'
        ? 'require'
        : 'verify-full'
      : 'disable',
  };
  const url = env.DATABASE_URL ?? '';
  return {
    client,
    libpq,
    dbnameArgs: url === '' ? [] : [`--dbname=${url}`],
    schema: env.DATABASE_SCHEMA ?? 'public',
    /** For the `pg` client (restore's emptiness check): the URL first, then the variables. */
    pgConfig: {
      ...(url === '' ? {} : { connectionString: url }),
      host: libpq.PGHOST,
      port: Number(libpq.PGPORT),
      database: libpq.PGDATABASE,
      user: libpq.PGUSER,
      password: libpq.PGPASSWORD,
      ...(ssl ? { ssl: { rejectUnauthorized: env.DATABASE_SSL_REJECT_UNAUTHORIZED !== 'false' } } : {}),
    },
    label: url === '' ? `${libpq.PGDATABASE} on ${libpq.PGHOST}:${libpq.PGPORT}` : 'DATABASE_URL',
  };
}

/** The folder Strapi serves, whose `uploads/` holds the uploaded files (CMS_PUBLIC_DIR, from cms/). */
export function publicDirOf(env = process.env) {
  return path.resolve(cmsRoot, env.CMS_PUBLIC_DIR ?? 'public');
}

/** What a folder holds, `.gitkeep` aside (the repository keeps the empty uploads folder with it). */
export function entriesOf(dir) {
  try {
    return readdirSync(dir).filter((name) => name !== '.gitkeep');
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
}

/** Runs a program to its end; rejects with its standard error when it fails. */
export function run(command, args, { env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`${command} is not installed (PostgreSQL's client tools, or tar).`)
          : error,
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/** Parses `<dir> [--force]`; exits with the usage on anything else. */
export function argumentsOf(argv, usage) {
  const force = argv.includes('--force');
  const rest = argv.filter((arg) => arg !== '--force');
  if (rest.length !== 1 || rest[0].startsWith('-')) {
    console.error(usage);
    process.exit(2);
  }
  return { dir: path.resolve(rest[0]), force };
}
