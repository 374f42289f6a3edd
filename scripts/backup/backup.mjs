#!/usr/bin/env node
// `npm run backup -- <dir> [--force]`: the CMS's database and its uploads into <dir>, with the same
// DATABASE_* variables as the CMS (docs/operations.md, "Backups"). The CMS may keep running.
//
// Consistency: the database is copied first, as one snapshot (pg_dump's transaction, SQLite's online
// backup), then the uploads. Strapi writes a file before the row that names it, so every file the
// snapshot names is already on disk when the uploads are archived; a file uploaded during the backup
// may be in the archive without its row (an unused file, harmless). Only a file deleted in the admin
// between the two steps can be missing: avoid deleting media while a backup runs.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BACKUP_FILES, argumentsOf, databaseOf, entriesOf, publicDirOf, run } from './site-data.mjs';

const { dir, force } = argumentsOf(
  process.argv.slice(2),
  'Usage: npm run backup -- <dir> [--force]   (--force overwrites a backup already in <dir>)',
);

const database = databaseOf();
const publicDir = publicDirOf();
const present = Object.values(BACKUP_FILES).filter((file) => existsSync(path.join(dir, file)));
if (present.length > 0 && !force) {
  console.error(
    `${dir} already holds a backup (${present.join(', ')}). Choose another folder, or add --force.`,
  );
  process.exit(1);
}
mkdirSync(dir, { recursive: true });

const started = Date.now();
const databaseFile = path.join(dir, BACKUP_FILES[database.client]);
if (database.client === 'postgres') {
  // The custom format: compressed, and pg_restore can clean and restore it object by object.
  await run(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${databaseFile}`, ...database.dbnameArgs],
    {
      env: database.libpq,
    },
  );
} else {
  if (!existsSync(database.filename)) {
    console.error(`No SQLite database at ${database.filename} (DATABASE_FILENAME).`);
    process.exit(1);
  }
  // SQLite's online backup: a consistent copy while the CMS keeps writing (WAL included).
  const source = new Database(database.filename, { readonly: true, fileMustExist: true });
  try {
    await source.backup(databaseFile);
  } finally {
    source.close();
  }
}

const uploadsArchive = path.join(dir, BACKUP_FILES.uploads);
const uploads = entriesOf(path.join(publicDir, 'uploads'));
mkdirSync(path.join(publicDir, 'uploads'), { recursive: true });
await run('tar', ['--create', '--gzip', `--file=${uploadsArchive}`, `--directory=${publicDir}`, 'uploads']);

const manifest = {
  kiosqueBackup: 1,
  createdAt: new Date().toISOString(),
  database: database.client,
  databaseFile: path.basename(databaseFile),
  databaseBytes: statSync(databaseFile).size,
  uploadsFile: BACKUP_FILES.uploads,
  uploadsEntries: uploads.length,
  uploadsBytes: statSync(uploadsArchive).size,
};
writeFileSync(path.join(dir, BACKUP_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `Backup in ${dir}: ${database.client} database (${manifest.databaseBytes} bytes), ` +
    `${uploads.length} uploaded files (${manifest.uploadsBytes} bytes), in ${Date.now() - started} ms.`,
);
