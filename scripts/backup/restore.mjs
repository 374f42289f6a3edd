#!/usr/bin/env node
// `npm run restore -- <dir> [--force]`: puts a backup made by `npm run backup` back, into the database
// and uploads folder the DATABASE_* and CMS_PUBLIC_DIR variables name (docs/operations.md, "Backups").
// Stop the CMS first: it would keep serving its cached answers and writing beside the restore.
//
// Without --force it refuses a target that holds anything: a database with tables, an uploads folder
// with files. With --force it replaces them: pg_restore --clean --if-exists drops each object of the
// backup before creating it again (objects the backup does not have are left), the SQLite file is
// replaced, and the uploads folder is emptied before the archive is unpacked.
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { BACKUP_FILES, argumentsOf, databaseOf, entriesOf, publicDirOf, run } from './site-data.mjs';

const { dir, force } = argumentsOf(
  process.argv.slice(2),
  'Usage: npm run restore -- <dir> [--force]   (--force replaces a database or uploads folder that is not empty)',
);

const manifestFile = path.join(dir, BACKUP_FILES.manifest);
if (!existsSync(manifestFile)) {
  console.error(`${dir} holds no backup (no ${BACKUP_FILES.manifest}).`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const database = databaseOf();
if (manifest.database !== database.client) {
  console.error(
    `The backup is of a ${manifest.database} database; DATABASE_CLIENT says ${database.client}. ` +
      'Restore it into the same kind of database.',
  );
  process.exit(1);
}
const databaseFile = path.join(dir, manifest.databaseFile);
const uploadsArchive = path.join(dir, manifest.uploadsFile);
for (const file of [databaseFile, uploadsArchive]) {
  if (!existsSync(file)) {
    console.error(`The backup in ${dir} is incomplete: ${path.basename(file)} is missing.`);
    process.exit(1);
  }
}

/** The tables the target database already has (0 for a new one). */
async function tablesInTarget() {
  if (database.client === 'sqlite') {
    if (!existsSync(database.filename)) return 0;
    const target = new Database(database.filename, { readonly: true });
    try {
      return target.prepare("select count(*) as n from sqlite_master where type = 'table'").get().n;
    } finally {
      target.close();
    }
  }
  const client = new pg.Client(database.pgConfig);
  await client.connect();
  try {
    const { rows } = await client.query(
      'select count(*)::int as n from information_schema.tables where table_schema = $1',
      [database.schema],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

const uploadsDir = path.join(publicDirOf(), 'uploads');
const tables = await tablesInTarget();
const files = entriesOf(uploadsDir);
if ((tables > 0 || files.length > 0) && !force) {
  const target = database.client === 'sqlite' ? database.filename : database.label;
  console.error(
    `Refusing to restore over existing data: ${tables} tables in ${target}, ${files.length} files in ${uploadsDir}. ` +
      'Stop the CMS and add --force to replace them with the backup.',
  );
  process.exit(1);
}

const started = Date.now();
if (database.client === 'postgres') {
  await run(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      ...(database.dbnameArgs.length > 0 ? database.dbnameArgs : [`--dbname=${database.libpq.PGDATABASE}`]),
      databaseFile,
    ],
    { env: database.libpq },
  );
} else {
  // Copied beside the target, then renamed over it: the target is the old file or the whole new one.
  const partial = `${database.filename}.restoring`;
  copyFileSync(databaseFile, partial);
  for (const suffix of ['-wal', '-shm']) rmSync(database.filename + suffix, { force: true });
  renameSync(partial, database.filename);
}

// The folder itself stays: in Compose it is a volume's mount point.
for (const name of files) rmSync(path.join(uploadsDir, name), { recursive: true, force: true });
await run('tar', [
  '--extract',
  '--gzip',
  `--file=${uploadsArchive}`,
  `--directory=${path.dirname(uploadsDir)}`,
  '--no-same-owner',
]);

console.log(
  `Restored ${dir} (made ${manifest.createdAt}): ${database.client} database` +
    `${tables > 0 ? ` over ${tables} tables` : ''}, ${manifest.uploadsEntries} uploaded files, in ${Date.now() - started} ms.`,
);
