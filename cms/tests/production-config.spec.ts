import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SECRET_NAMES } from '../src/utils/secrets';

const cmsDir = fileURLToPath(new URL('..', import.meta.url));
const strapiBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@strapi/strapi/package.json')),
  'bin',
  'strapi.js',
);

/** This process's environment without any secret nor database setting. */
function environmentWithoutSecrets(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !(SECRET_NAMES as readonly string[]).includes(name) && !name.startsWith('DATABASE_'),
    ),
  );
}

describe('the CMS in production', () => {
  it('refuses to start without its secrets, naming the missing one', () => {
    const result = spawnSync(process.execPath, [strapiBin, 'start'], {
      cwd: cmsDir,
      env: {
        ...environmentWithoutSecrets(),
        NODE_ENV: 'production',
        DATABASE_FILENAME: '/nonexistent/never-created.db',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/(APP_KEYS|ADMIN_JWT_SECRET|JWT_SECRET) is not set/);
  });

  it('refuses to start without PREVIEW_SECRET even when Strapi’s own secrets are set', () => {
    const strapiSecrets = Object.fromEntries(
      SECRET_NAMES.filter((name) => name !== 'PREVIEW_SECRET').map((name) => [name, `test-${name}`]),
    );
    const result = spawnSync(process.execPath, [strapiBin, 'start'], {
      cwd: cmsDir,
      env: {
        ...environmentWithoutSecrets(),
        ...strapiSecrets,
        NODE_ENV: 'production',
        DATABASE_FILENAME: '/nonexistent/never-created.db',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/PREVIEW_SECRET is not set/);
  });
});
