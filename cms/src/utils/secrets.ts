import { STRAPI_SECRET_NAMES, generateStrapiSecret } from '@kiosque/shared';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Strapi refuses to start without its signing secrets. In production they must come from the
 * environment (we fail loudly rather than sign sessions with a guessable key). On a laptop or in
 * tests, generating them once and keeping them in cms/.tmp (never committed) lets `npm start` work
 * from a clean clone with no hand-written .env, while sessions survive restarts. Their names are
 * @kiosque/shared's STRAPI_SECRET_NAMES.
 */
export const SECRET_NAMES = STRAPI_SECRET_NAMES;

export type SecretName = (typeof SECRET_NAMES)[number];

/** The CMS's own folder, whether this file runs compiled (dist/src/utils) or as source (src/utils). */
function findCmsRoot(start: string): string {
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@kiosque/cms'
    ) {
      return dir;
    }
  }
  return path.resolve(start, '..', '..', '..');
}

const cmsRoot = findCmsRoot(__dirname);
const localSecretsFile = path.join(cmsRoot, '.tmp', 'local-secrets.json');

let localSecrets: Record<SecretName, string> | undefined;

function loadLocalSecrets(): Record<SecretName, string> {
  if (localSecrets) return localSecrets;
  let stored: Partial<Record<SecretName, string>> = {};
  if (existsSync(localSecretsFile)) {
    stored = JSON.parse(readFileSync(localSecretsFile, 'utf8')) as Partial<Record<SecretName, string>>;
  }
  const complete = Object.fromEntries(
    SECRET_NAMES.map((name) => [name, stored[name] ?? generateStrapiSecret(name)]),
  ) as Record<SecretName, string>;
  if (SECRET_NAMES.some((name) => stored[name] === undefined)) {
    mkdirSync(path.dirname(localSecretsFile), { recursive: true });
    writeFileSync(localSecretsFile, JSON.stringify(complete, null, 2), { mode: 0o600 });
  }
  localSecrets = complete;
  return complete;
}

export function secret(name: SecretName): string {
  const fromEnv = process.env[name];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      `${name} is not set: in production every secret must come from the environment (see .env.example).`,
    );
  }
  return loadLocalSecrets()[name];
}
