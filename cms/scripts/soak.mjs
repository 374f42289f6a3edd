#!/usr/bin/env node
// `npm run soak`: posts comments at the CMS from many concurrent clients, resends some under the
// same Idempotency-Key, kills the CMS with SIGKILL midway and restarts it while the clients retry,
// then checks in the database that every acknowledged comment is stored exactly once.
// Loopback only, bounded in count and time; prints its figures. A small run is part of `npm test`.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileCms,
  postgresDatabase,
  productionEnv,
  requireFromCms,
  sqliteDatabase,
  startCms,
} from './lib/boot.mjs';

const ADMIN = { email: 'soak@kiosque.test', password: 'Kiosque-Soak-2026' };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A throwaway database, and how to read back the comments of a run from it once the CMS is down. */
async function createDatabase(kind, name) {
  if (kind === 'sqlite') {
    const database = sqliteDatabase(path.join(tmpdir(), `${name}.db`));
    return {
      ...database,
      async inspect(prefix) {
        const Database = requireFromCms('better-sqlite3');
        const db = new Database(database.filename, { readonly: true });
        try {
          const integrity = db.prepare('PRAGMA integrity_check').pluck().get();
          const rows = db
            .prepare(
              'SELECT idempotency_key AS key, document_id AS documentId FROM comments WHERE idempotency_key LIKE ?',
            )
            .all(`${prefix}%`);
          return { integrity, rows };
        } finally {
          db.close();
        }
      },
    };
  }
  const pg = requireFromCms('pg');
  const database = await postgresDatabase(
    process.env.SOAK_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    name,
  );
  return {
    ...database,
    async inspect(prefix) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        // PostgreSQL checks its own pages; we check the table is readable end to end.
        await client.query('SELECT count(*) FROM comments');
        const { rows } = await client.query(
          'SELECT idempotency_key AS key, document_id AS "documentId" FROM comments WHERE idempotency_key LIKE $1',
          [`${prefix}%`],
        );
        return { integrity: 'ok', rows };
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Runs one soak and returns its figures. Options: submissions, concurrency, resendRatio, killAt
 * (fraction of acknowledged submissions after which the CMS is killed; null: never), database
 * ('sqlite' | 'postgres'), port, compile (compile the CMS first).
 */
export async function runSoak({
  submissions = 5000,
  concurrency = 50,
  resendRatio = 0.1,
  killAt = 0.5,
  database = 'sqlite',
  port = 1460,
  compile = true,
  log = console.log,
} = {}) {
  if (compile) await compileCms();
  const runId = randomBytes(4).toString('hex');
  const db = await createDatabase(database, `kiosque_soak_${runId}`);
  const base = `http://127.0.0.1:${port}`;
  const env = productionEnv({
    port,
    database: db,
    LOG_LEVEL: 'error',
    TRUST_PROXY: 'true',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  });

  let cms = await startCms({ env });
  try {
    const token = (
      await (
        await fetch(`${base}/admin/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(ADMIN),
        })
      ).json()
    ).data.token;
    // Thousands of comments from a handful of addresses: lift the per-address limit for the run.
    const settings = await fetch(
      `${base}/content-manager/single-types/api::comment-setting.comment-setting`,
      {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ rateLimitPerMinute: 1_000_000, moderationMode: 'publish-all' }),
      },
    );
    if (!settings.ok) throw new Error(`could not set the comment settings: ${settings.status}`);
    const article = (await (await fetch(`${base}/api/articles`)).json()).data[0].documentId;

    const prefix = `soak-${runId}-`;
    const acknowledged = new Map();
    const figures = {
      resent: 0,
      resendMismatches: 0,
      retries: 0,
      fiveXxInWindow: 0,
      fiveXxOutside: 0,
      gaveUp: 0,
    };
    let killWindow = null;
    let restarting = null;

    async function postOnce(index) {
      const response = await fetch(`${base}/api/comments`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': `${prefix}${index}`,
          'X-Forwarded-For': `10.${index % 250}.${(index >> 8) % 250}.1`,
        },
        body: JSON.stringify({
          data: {
            article,
            authorName: `Lecteur ${index}`,
            authorEmail: `soak.${runId}.${index}@example.org`,
            content: `Commentaire d'endurance ${index} (${runId})`,
          },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = await response.json().catch(() => null);
      return { status: response.status, documentId: body?.data?.documentId };
    }

    const inKillWindow = () =>
      killWindow !== null && (killWindow.end === null || Date.now() <= killWindow.end + 1000);

    async function submit(index) {
      const deadline = Date.now() + 60_000;
      for (let attempt = 0; Date.now() < deadline; attempt += 1) {
        if (attempt > 0) {
          figures.retries += 1;
          await sleep(Math.min(1000, 50 * 2 ** attempt));
        }
        try {
          const { status, documentId } = await postOnce(index);
          if (status === 201) return documentId;
          if (status >= 500) {
            if (inKillWindow()) figures.fiveXxInWindow += 1;
            else figures.fiveXxOutside += 1;
            continue;
          }
          throw new Error(`submission ${index} refused with ${status}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('submission')) throw error;
          // Network failure: the CMS is down or restarting; retry with the same key.
        }
      }
      figures.gaveUp += 1;
      return null;
    }

    async function killAndRestart() {
      killWindow = { start: Date.now(), end: null };
      await cms.kill();
      cms = await startCms({ env });
      killWindow.end = Date.now();
      log(`  CMS killed with SIGKILL and restarted in ${killWindow.end - killWindow.start} ms`);
    }

    const started = Date.now();
    let next = 0;
    const killAfter = killAt === null ? Infinity : Math.floor(submissions * killAt);
    async function worker() {
      while (next < submissions) {
        const index = next;
        next += 1;
        const documentId = await submit(index);
        if (documentId === null) continue;
        acknowledged.set(`${prefix}${index}`, documentId);
        if (acknowledged.size === killAfter && restarting === null) restarting = killAndRestart();
        if (index % Math.round(1 / resendRatio) === 0) {
          figures.resent += 1;
          const again = await submit(index);
          if (again !== documentId) figures.resendMismatches += 1;
        }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker));
    await restarting;
    const seconds = (Date.now() - started) / 1000;

    await cms.stop();
    cms = null;

    const { integrity, rows } = await db.inspect(prefix);
    const storedByKey = new Map();
    for (const row of rows) storedByKey.set(row.key, [...(storedByKey.get(row.key) ?? []), row.documentId]);
    let lost = 0;
    let wrongDocument = 0;
    for (const [key, documentId] of acknowledged) {
      const stored = storedByKey.get(key);
      if (!stored) lost += 1;
      else if (!stored.includes(documentId)) wrongDocument += 1;
    }
    const duplicates = rows.length - storedByKey.size;
    const result = {
      database,
      submissions,
      concurrency,
      acknowledged: acknowledged.size,
      stored: rows.length,
      duplicates,
      lost,
      wrongDocument,
      resent: figures.resent,
      resendMismatches: figures.resendMismatches,
      retries: figures.retries,
      gaveUp: figures.gaveUp,
      fiveXxInKillWindow: figures.fiveXxInWindow,
      fiveXxOutsideKillWindow: figures.fiveXxOutside,
      killed: killWindow !== null,
      integrity,
      seconds: Number(seconds.toFixed(1)),
      throughputPerSecond: Math.round(acknowledged.size / seconds),
    };
    result.ok =
      result.acknowledged === submissions &&
      duplicates === 0 &&
      lost === 0 &&
      wrongDocument === 0 &&
      result.resendMismatches === 0 &&
      result.fiveXxOutsideKillWindow === 0 &&
      integrity === 'ok';
    return result;
  } finally {
    if (cms) await cms.kill();
    await db.drop();
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const options = {
    submissions: Number(process.env.SOAK_SUBMISSIONS ?? 5000),
    concurrency: Number(process.env.SOAK_CONCURRENCY ?? 50),
    database: process.env.SOAK_DATABASE ?? 'sqlite',
    port: Number(process.env.SOAK_PORT ?? 1460),
  };
  console.log(
    `Soak: ${options.submissions} comments, ${options.concurrency} concurrent clients, 10% resent, SIGKILL midway, on ${options.database}`,
  );
  const result = await runSoak(options);
  console.table(Object.entries(result).map(([figure, value]) => ({ figure, value })));
  process.exit(result.ok ? 0 : 1);
}
