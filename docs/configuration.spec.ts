import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRAPI_SECRET_NAMES } from '@kiosque/shared';
import { describe, expect, it } from 'vitest';

// docs/configuration.md lists every environment variable once; this spec holds it to the code, both ways.
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the code reads its settings. Specs are left out: what a spec sets for itself is no setting. */
const SOURCE_ROOTS = [
  'cms/config',
  'cms/src',
  'cms/scripts',
  'cms/tests',
  'web/server',
  'web/src',
  'web/e2e',
  'web/vite.config.ts',
  'scripts',
  'shared/src',
];
/** Files whose variables belong in the table's "tools and tests" part (unless the product reads them too). */
const TOOL_FILES = /^(cms\/scripts|cms\/tests|web\/e2e|scripts\/bench)\//;
const SOURCE_FILE = /\.(ts|mts|cts|js|mjs|cjs|vue)$/;
const SKIPPED = /(^|\/)(node_modules|dist|build|__tests__)\/|\.(spec|test)\.[cm]?[jt]s$/;

/** Read by a dependency, not by Kiosque's code: documented all the same, since Kiosque sets them. */
const READ_BY_DEPENDENCIES: Record<string, string> = {
  STRAPI_TELEMETRY_DISABLED: "Strapi's own switch; npm start, the CMS image and Compose set it",
};

/** Read by the code, yet no environment variable: left out of the table. */
const NOT_SETTINGS: Record<string, string> = {
  BASE_URL:
    "import.meta.env.BASE_URL is Vite's constant for the `base` option, not read from the environment",
};

const NAME = '([A-Z_][A-Z0-9_]*)';
const READS: RegExp[] = [
  // process.env.NAME, but not process.env.NAME = value (a script setting it for a child)
  new RegExp(`process\\.env\\.${NAME}\\b(?!\\s*=[^=])`, 'g'),
  new RegExp(`process\\.env\\[\\s*['"\`]${NAME}['"\`]\\s*\\]`, 'g'),
  new RegExp(`import\\.meta\\.env\\.${NAME}\\b`, 'g'),
  // Strapi's config helper: env('NAME', …), env.int, env.bool, env.array, env.oneOf, …
  new RegExp(`\\benv(?:\\.(?:int|float|bool|json|array|date|oneOf))?\\(\\s*['"]${NAME}['"]`, 'g'),
  // An alias of process.env or of Vite's loadEnv(): `const env = process.env; env.PORT`
  new RegExp(`\\benv\\.${NAME}\\b(?!\\s*=[^=])`, 'g'),
  // cms/src/utils/secrets.ts: secret('APP_KEYS') reads process.env[name]
  new RegExp(`\\bsecret\\(\\s*['"]${NAME}['"]`, 'g'),
];
/** Reads the patterns above cannot name; each file doing so must be handled below. */
const UNNAMED_READS = [/process\.env\[(?!\s*['"`])/, /\}\s*=\s*process\.env\b/];
const UNNAMED_READS_HANDLED = new Set(['cms/src/utils/secrets.ts']);

function sourceFiles(entry: string): string[] {
  const absolute = path.join(ROOT, entry);
  if (SOURCE_FILE.test(entry)) return [entry];
  return readdirSync(absolute, { withFileTypes: true, recursive: true })
    .filter((file) => file.isFile())
    .map((file) => path.relative(ROOT, path.join(file.parentPath, file.name)).split(path.sep).join('/'))
    .filter((file) => SOURCE_FILE.test(file) && !SKIPPED.test(file));
}

type Reads = Map<string, Set<string>>;

function add(reads: Reads, name: string, where: string): void {
  const files = reads.get(name) ?? new Set<string>();
  files.add(where);
  reads.set(name, files);
}

function readsOfCode(): { reads: Reads; unnamed: string[] } {
  const reads: Reads = new Map();
  const unnamed: string[] = [];
  for (const file of SOURCE_ROOTS.flatMap(sourceFiles)) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const pattern of READS) {
      for (const match of text.matchAll(pattern)) add(reads, match[1], file);
    }
    if (UNNAMED_READS.some((pattern) => pattern.test(text)) && !UNNAMED_READS_HANDLED.has(file)) {
      unnamed.push(file);
    }
  }
  // secret(name) reads process.env[name] for each of STRAPI_SECRET_NAMES.
  for (const name of STRAPI_SECRET_NAMES) add(reads, name, 'cms/src/utils/secrets.ts');
  return { reads, unnamed };
}

/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}`; `$${NAME}` is the container shell's, not Compose's. */
function readsOfCompose(): Set<string> {
  const text = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  return new Set(
    [...text.matchAll(new RegExp(`(?<!\\$)\\$\\{${NAME}(?::?[-?][^}]*)?\\}`, 'g'))].map((m) => m[1]),
  );
}

/** The table's rows, by name, and whether each is in its "tools and tests" part. */
function documented(): { rows: string[]; tools: Set<string> } {
  const doc = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
  const rows: string[] = [];
  const tools = new Set<string>();
  let inTools = false;
  for (const line of doc.split('\n')) {
    const cell = /^\|\s*([^|]*?)\s*\|/.exec(line)?.[1];
    if (cell === undefined) continue;
    if (cell === '**tools and tests**') inTools = true;
    const name = new RegExp(`^\`${NAME}\`$`).exec(cell)?.[1];
    if (name === undefined) continue;
    rows.push(name);
    if (inTools) tools.add(name);
  }
  return { rows, tools };
}

const { reads, unnamed } = readsOfCode();
const compose = readsOfCompose();
const { rows, tools } = documented();
const table = new Set(rows);
const read = new Set([...reads.keys(), ...compose, ...Object.keys(READ_BY_DEPENDENCIES)]);

describe('docs/configuration.md against the code', () => {
  it('finds every read by name (a computed name must be listed by this spec)', () => {
    expect(unnamed).toEqual([]);
  });

  it('documents every variable the code or docker-compose.yml reads', () => {
    const undocumented = [...read].filter((name) => !table.has(name) && !(name in NOT_SETTINGS)).sort();
    const where = (name: string): string =>
      [...(reads.get(name) ?? []), ...(compose.has(name) ? ['docker-compose.yml'] : [])].join(', ') ||
      'a dependency';
    expect(undocumented.map((name) => `${name} (${where(name)})`)).toEqual([]);
  });

  it('documents no variable that nothing reads', () => {
    expect([...table].filter((name) => !read.has(name)).sort()).toEqual([]);
  });

  it('lists each variable once', () => {
    expect(rows.filter((name, index) => rows.indexOf(name) !== index)).toEqual([]);
  });

  it('puts a variable under "tools and tests" exactly when only tools and tests read it', () => {
    const toolOnly = (name: string): boolean =>
      !compose.has(name) &&
      !(name in READ_BY_DEPENDENCIES) &&
      [...(reads.get(name) ?? [])].every((file) => TOOL_FILES.test(file));
    expect(rows.filter((name) => toolOnly(name) !== tools.has(name))).toEqual([]);
  });

  it('keeps its exemptions current', () => {
    expect(Object.keys(NOT_SETTINGS).filter((name) => !reads.has(name))).toEqual([]);
    expect(Object.keys(READ_BY_DEPENDENCIES).filter((name) => !table.has(name))).toEqual([]);
  });
});

/**
 * Settings an operator of the Compose deployment does not set in .env, and why; every other variable of
 * the table above its "tools and tests" part is in .env.example (set, or commented out with its default).
 */
const NOT_IN_ENV_EXAMPLE: Record<string, string> = {
  NODE_ENV: 'the images and Compose set production',
  HOST: 'the images set their own; the healthchecks and nginx expect it',
  PORT: 'the images set their own; the healthchecks and nginx expect it',
  TRUST_PROXY: 'Compose sets true: nginx is in front',
  DATABASE_CLIENT: 'Compose sets postgres',
  DATABASE_HOST: 'Compose sets it to its postgres service',
  DATABASE_PORT: 'Compose sets it to its postgres service',
  DATABASE_NAME: 'Compose sets it from POSTGRES_DB',
  DATABASE_USERNAME: 'Compose sets it from POSTGRES_USER',
  DATABASE_PASSWORD: 'Compose sets it from POSTGRES_PASSWORD',
  DATABASE_FILENAME: 'SQLite: a laptop’s database',
  ADMIN_AUTO_OPEN: 'development only: `strapi develop` opening a browser tab',
  RESPONSE_CACHE: 'the benchmark’s baseline, never for a site',
  PUBLIC_ACCESS_CACHE: 'the benchmark’s baseline, never for a site',
  METRICS_HOST: 'Compose sets the containers’ network',
  CMS_URL: 'Compose sets its cms service',
  PROXY_API: 'Compose sets false: nginx proxies the API',
  WEB_DIST_DIR: 'the page server image’s own layout',
  CMS_PUBLIC_DIR: 'the CMS image’s own layout: the uploads volume is mounted there',
  VITE_API_URL: 'read when the SPA is built: the image builds it for its own origin',
  STRAPI_TELEMETRY_DISABLED: 'the images and Compose set it',
};

describe('.env.example', () => {
  const lines = readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');
  const assignment = new RegExp(`^${NAME}=`);
  // An optional setting is a commented-out assignment: `# LOG_LEVEL=http`.
  const optional = new RegExp(`^# ${NAME}=`);
  const entries = lines
    .map((line, index) => ({
      name: assignment.exec(line)?.[1] ?? optional.exec(line)?.[1],
      set: assignment.test(line),
      index,
    }))
    .filter((entry): entry is { name: string; set: boolean; index: number } => entry.name !== undefined);
  const set = new Set(entries.filter((entry) => entry.set).map((entry) => entry.name));
  const listed = new Set(entries.map((entry) => entry.name));
  const composeFile = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

  it('sets every variable docker-compose.yml reads', () => {
    expect([...compose].filter((name) => !set.has(name)).sort()).toEqual([]);
  });

  it('reaches the services: every CMS instance and the page server get the whole of .env', () => {
    // Top-level blocks (`x-cms: &cms`, `services:`…) and the services' blocks, by name.
    const topLevel = composeFile.split(/\n(?=[a-z])/);
    const anchors = new Map(
      topLevel.flatMap((block) => {
        const anchor = /^[a-z-]+: &([a-z-]+)\n/.exec(block)?.[1];
        return anchor === undefined ? [] : [[anchor, block] as const];
      }),
    );
    const servicesBlock = topLevel.find((block) => block.startsWith('services:')) ?? '';
    const services = new Map(
      servicesBlock
        .split(/\n(?= {2}[a-z0-9-]+:\n)/)
        .slice(1)
        .map((block) => [/^ {2}([a-z0-9-]+):/.exec(block)?.[1] ?? '', block] as const),
    );
    // A service has `env_file: .env` itself, or merges (`<<: *cms`) a block that has it.
    const getsEnvFile = (block: string): boolean =>
      /^ +env_file: \.env$/m.test(block) ||
      [...block.matchAll(/^ {4}<<: \*([a-z-]+)$/gm)].some((merge) =>
        getsEnvFile(anchors.get(merge[1]) ?? ''),
      );
    const readers = [...services.keys()].filter((name) => /^(cms(-\d+)?|site)$/.test(name));
    expect(readers).toEqual(expect.arrayContaining(['cms', 'site']));
    expect(readers.filter((name) => !getsEnvFile(services.get(name)!))).toEqual([]);
  });

  it('lists only documented variables', () => {
    expect([...listed].filter((name) => !table.has(name)).sort()).toEqual([]);
  });

  it('lists every setting an operator may set, the others being named in this spec with the reason', () => {
    const operatorSettings = rows.filter((name) => !tools.has(name) && !(name in NOT_IN_ENV_EXAMPLE));
    expect(operatorSettings.filter((name) => !listed.has(name)).sort()).toEqual([]);
    expect(Object.keys(NOT_IN_ENV_EXAMPLE).filter((name) => !table.has(name) || listed.has(name))).toEqual(
      [],
    );
  });

  it('lists each variable once', () => {
    const names = entries.map((entry) => entry.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  it('explains each variable in a comment line just above it', () => {
    const explained = (index: number): boolean => {
      const above = lines[index - 1] ?? '';
      return above.startsWith('# ') && !optional.test(above);
    };
    expect(entries.filter(({ index }) => !explained(index)).map(({ name }) => name)).toEqual([]);
  });
});
