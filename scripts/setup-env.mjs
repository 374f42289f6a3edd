#!/usr/bin/env node
// `npm run setup:env [-- --force] [-- --dir <folder>]`: writes .env from .env.example, each secret
// filled in with fresh random bytes, the rest as the example has it. An existing .env holds the
// secrets a running site signs and encrypts with: it is never replaced without --force.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each secret of .env.example and how it is made. */
const SECRETS = {
  // Strapi's session keys: four, comma-separated.
  APP_KEYS: () => Array.from({ length: 4 }, () => randomBytes(32).toString('base64')).join(','),
  ADMIN_JWT_SECRET: () => randomBytes(32).toString('base64'),
  API_TOKEN_SALT: () => randomBytes(32).toString('base64'),
  TRANSFER_TOKEN_SALT: () => randomBytes(32).toString('base64'),
  JWT_SECRET: () => randomBytes(32).toString('base64'),
  ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  PREVIEW_SECRET: () => randomBytes(32).toString('base64'),
  MAIL_SECRET: () => randomBytes(32).toString('base64'),
  COUNT_SECRET: () => randomBytes(32).toString('base64'),
  // base64url: nothing a connection string or a shell would have to quote.
  POSTGRES_PASSWORD: () => randomBytes(32).toString('base64url'),
};

const args = process.argv.slice(2);
const force = args.includes('--force');
const dirAt = args.indexOf('--dir');
const root = dirAt === -1 ? fileURLToPath(new URL('..', import.meta.url)) : path.resolve(args[dirAt + 1]);
const target = path.join(root, '.env');

if (existsSync(target) && !force) {
  console.error(`${target} exists: its secrets may be in use. Rerun with --force to replace it.`);
  process.exit(1);
}

const example = readFileSync(path.join(root, '.env.example'), 'utf8');
const filled = new Set();
const text = example
  .split('\n')
  .map((line) => {
    const name = /^([A-Z_][A-Z0-9_]*)=$/.exec(line)?.[1];
    if (name === undefined || !(name in SECRETS)) return line;
    filled.add(name);
    return `${name}=${SECRETS[name]()}`;
  })
  .join('\n');
const missing = Object.keys(SECRETS).filter((name) => !filled.has(name));
if (missing.length > 0) {
  console.error(`.env.example has no empty ${missing.join(', ')}: update scripts/setup-env.mjs.`);
  process.exit(1);
}
writeFileSync(target, text, { mode: 0o600 });
console.log(`Wrote ${target} with fresh secrets; review PUBLIC_URL, SITE_URL, CORS_ORIGINS and ADMIN_URL.`);
