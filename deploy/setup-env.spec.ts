import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRAPI_SECRET_NAMES } from '@kiosque/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// scripts/setup-env.mjs, run as `npm run setup:env` runs it, on a copy of the real .env.example.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = path.join(ROOT, 'scripts/setup-env.mjs');
// Strapi's secrets of one key each (APP_KEYS, four, is checked on its own).
const SECRETS = STRAPI_SECRET_NAMES.filter((name) => name !== 'APP_KEYS');

function run(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, '--dir', dir, ...args], { encoding: 'utf8' });
}

function parse(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  );
}

describe('npm run setup:env', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kiosque-env-'));
    copyFileSync(path.join(ROOT, '.env.example'), path.join(dir, '.env.example'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .env from .env.example with every secret filled in, readable by its owner only', () => {
    expect(run(dir).status).toBe(0);
    const written = readFileSync(path.join(dir, '.env'), 'utf8');
    const env = parse(written);
    const example = parse(readFileSync(path.join(dir, '.env.example'), 'utf8'));
    expect(Object.keys(env)).toEqual(Object.keys(example));
    const keys = env.APP_KEYS.split(',');
    expect(keys).toHaveLength(4);
    for (const value of [...keys, ...SECRETS.map((name) => env[name])]) {
      expect(Buffer.from(value, 'base64')).toHaveLength(32);
    }
    expect(env.POSTGRES_PASSWORD).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Everything else as the example has it, comments included.
    for (const [name, value] of Object.entries(example)) {
      if (value !== '') expect(env[name], name).toBe(value);
    }
    expect(written.split('\n').filter((line) => line.startsWith('#'))).toEqual(
      readFileSync(path.join(dir, '.env.example'), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('#')),
    );
    expect(statSync(path.join(dir, '.env')).mode & 0o077).toBe(0);
  });

  it('makes different secrets each time', () => {
    run(dir);
    const first = parse(readFileSync(path.join(dir, '.env'), 'utf8'));
    run(dir, '--force');
    const second = parse(readFileSync(path.join(dir, '.env'), 'utf8'));
    for (const name of ['APP_KEYS', 'POSTGRES_PASSWORD', ...SECRETS])
      expect(second[name]).not.toBe(first[name]);
  });

  it('refuses to replace an existing .env without --force', () => {
    writeFileSync(path.join(dir, '.env'), 'APP_KEYS=in-use\n');
    const refused = run(dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe('APP_KEYS=in-use\n');
    expect(run(dir, '--force').status).toBe(0);
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).not.toContain('in-use');
  });
});
