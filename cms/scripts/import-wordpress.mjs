#!/usr/bin/env node
// `npm run import:wordpress -- export.xml [--media path/to/wp-content/uploads] [--dry-run]`: imports a
// WordPress export (WXR) into this CMS's database, through the CMS itself (cms/src/wordpress/).
// Exit status: 0 when every post is in, 1 when some failed (listed), 2 when the export was refused.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = `Usage: npm run import:wordpress -- <export.xml> [--media <wp-content/uploads folder>] [--dry-run]

  <export.xml>   the file WordPress's « Outils → Exporter » wrote (WXR 1.1 or 1.2)
  --media DIR    the blog's wp-content/uploads folder, copied from its server: images and covers are
                 read from there only, never downloaded
  --dry-run      read everything and report what would be imported, write nothing
  --no-build     do not compile the CMS first (it was built already)
`;

function parseArguments(argv) {
  const options = { file: undefined, media: undefined, dryRun: false, build: true };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--dry-run') options.dryRun = true;
    else if (argument === '--no-build') options.build = false;
    else if (argument === '--media') options.media = argv[++index];
    else if (argument.startsWith('--media=')) options.media = argument.slice('--media='.length);
    else if (argument === '--help' || argument === '-h') return { help: true };
    else if (argument.startsWith('-') || options.file !== undefined)
      return { error: `Unknown argument: ${argument}` };
    else options.file = argument;
  }
  if (options.file === undefined) return { error: 'Which export? Give the path of the WXR file.' };
  if (options.media === '') return { error: '--media needs a folder.' };
  return options;
}

const options = parseArguments(process.argv.slice(2));
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (options.error) {
  process.stderr.write(`${options.error}\n\n${USAGE}`);
  process.exit(2);
}

// Paths are the caller's: `npm run` moves into cms/, INIT_CWD is where the command was typed.
const callerDir = process.env.INIT_CWD ?? process.cwd();
const file = path.resolve(callerDir, options.file);
const mediaDir = options.media === undefined ? undefined : path.resolve(callerDir, options.media);

// An import is not a server: no demo content on an empty database, no metrics port, quiet logs.
process.env.SEED_DEMO_CONTENT ??= 'false';
process.env.METRICS_PORT ??= 'off';
process.env.LOG_LEVEL ??= 'warn';
process.env.STRAPI_TELEMETRY_DISABLED = 'true';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = path.join(appDir, 'dist');
const load = createRequire(import.meta.url);
mkdirSync(path.join(appDir, 'public', 'uploads'), { recursive: true });

const { compileStrapi, createStrapi } = load('@strapi/strapi');
if (options.build) await compileStrapi({ appDir });
const { importWordPress } = load(path.join(distDir, 'src', 'wordpress', 'importer.js'));
const { WxrError } = load(path.join(distDir, 'src', 'wordpress', 'wxr-reader.js'));
const { progressPrinter } = load(path.join(distDir, 'src', 'wordpress', 'progress.js'));
const { reportText } = load(path.join(distDir, 'src', 'wordpress', 'report-text.js'));
const { responseCacheOf } = load(path.join(distDir, 'src', 'cache', 'response-cache.js'));

const strapi = createStrapi({ appDir, distDir });
await strapi.load();
let status = 0;
try {
  const report = await importWordPress(strapi, {
    file,
    mediaDir,
    dryRun: options.dryRun,
    onProgress: progressPrinter(process.stderr),
  });
  process.stdout.write(reportText(report));
  status = report.failed.length > 0 ? 1 : 0;
} catch (error) {
  if (error instanceof WxrError || error?.code === 'ENOENT' || error?.code === 'EISDIR') {
    process.stderr.write(`Import refused: ${path.basename(file)}: ${error.message}. Nothing was written.\n`);
    status = 2;
  } else {
    process.stderr.write(`Import stopped: ${error?.stack ?? error}\n`);
    status = 1;
  }
}
// Each write told other CMS instances to empty their caches (a core-store write, not awaited by the
// write itself): one last one, awaited, queues behind them, so none is cut by closing the database.
await responseCacheOf(strapi)
  .invalidate()
  .catch(() => {});
try {
  await strapi.destroy();
} catch (error) {
  process.stderr.write(`Closing the CMS: ${error?.message ?? error}\n`);
}
process.exit(status);
