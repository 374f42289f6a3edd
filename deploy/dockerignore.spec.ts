import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dockerignore from '@balena/dockerignore';
import { describe, expect, it } from 'vitest';

// The build context docker-compose.yml gives both images is the repository root.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RULES = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8');
const rules = dockerignore().add(RULES);
const REINCLUDED = RULES.split('\n')
  .filter((line) => line.startsWith('!'))
  .map((line) => line.slice(1).trim());

function inContext(file: string): boolean {
  return !rules.ignores(file);
}

/**
 * Every file of this checkout that a build context would hold. Like Docker, it looks inside an
 * excluded folder only when a `!` rule could bring something inside it back.
 */
function contextOf(dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (rules.ignores(relative) && !REINCLUDED.some((kept) => kept.startsWith(`${relative}/`))) continue;
      files.push(...contextOf(relative));
    } else if (inContext(relative)) {
      files.push(relative);
    }
  }
  return files;
}

/** What the Dockerfiles copy from the context (COPY without --from), as `deploy/x.conf` or `cms`. */
function copiedSources(): string[] {
  return ['deploy/cms.Dockerfile', 'deploy/web.Dockerfile'].flatMap((dockerfile) =>
    readFileSync(path.join(ROOT, dockerfile), 'utf8')
      .split('\n')
      .filter((line) => /^COPY\s/.test(line) && !line.includes('--from='))
      .flatMap((line) =>
        line
          .split(/\s+/)
          .slice(1, -1)
          .filter((word) => !word.startsWith('--')),
      )
      .map((source) => source.replace(/\/$/, '')),
  );
}

// Never in an image: secrets, the local database, what this machine installed or built, test output.
const FORBIDDEN = [
  'cms/.tmp/data.db',
  'cms/.tmp/data.db-journal',
  'cms/data.db',
  '.env',
  '.env.local',
  '.env.production',
  'cms/.env',
  'web/.env.local',
  'node_modules/x/index.js',
  'node_modules/.bin/x',
  'cms/node_modules/x/index.js',
  'web/node_modules/.vite/x.js',
  'shared/node_modules/x/index.js',
  'cms/dist/x',
  'cms/dist/src/index.js',
  'web/dist/x',
  'web/dist/index.html',
  'web/build/server/main.js',
  'shared/dist/esm/index.js',
  'cms/.strapi/client/app.js',
  'cms/.cache/x',
  '.git',
  '.git/config',
  'cms/public/uploads/photo.jpg',
  'cms/public/uploads/page.html',
  'web/e2e/artifacts/preview-draft.png',
  'docs/screenshots/home-phone.png',
  'coverage/index.html',
  'npm-debug.log',
  'web/tsconfig.app.tsbuildinfo',
];

// What the images are built from.
const REQUIRED = [
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
  '.env.example',
  'shared/package.json',
  'shared/build.mjs',
  'shared/src/index.ts',
  'cms/package.json',
  'cms/src/index.ts',
  'cms/config/admin.ts',
  'cms/public/uploads/.gitkeep',
  'web/package.json',
  'web/index.html',
  'web/src/main.ts',
  'web/server/main.ts',
  'deploy/nginx.conf.template',
  'deploy/admin-headers.conf',
  'deploy/proxy.conf',
  'deploy/hide-cms-headers.conf',
  'deploy/security-headers.conf',
  'deploy/uploads-headers.conf',
];

describe('the Docker build context (.dockerignore)', () => {
  it.each(FORBIDDEN)('leaves out %s', (file) => {
    expect(inContext(file)).toBe(false);
  });

  it.each(REQUIRED)('holds %s', (file) => {
    expect(inContext(file)).toBe(true);
  });

  it('holds, of this checkout, nothing secret, installed or built, and everything the Dockerfiles copy', () => {
    const context = contextOf();
    const forbidden = context.filter((file) =>
      [
        /(^|\/)node_modules\//,
        /(^|\/)\.env(\.|$)(?!example$)/,
        /(^|\/)\.tmp\//,
        /\.(db|sqlite3?)$/,
        /^(cms|web|shared)\/(dist|build)\//,
        /^\.git(\/|$)/,
        /^cms\/public\/uploads\/(?!\.gitkeep$)/,
      ].some((pattern) => pattern.test(file)),
    );
    expect(forbidden).toEqual([]);
    for (const source of copiedSources()) {
      expect(
        context.some((file) => file === source || file.startsWith(`${source}/`)),
        `${source} (copied by a Dockerfile)`,
      ).toBe(true);
    }
  });
});
