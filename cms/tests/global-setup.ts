import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as StrapiExports from '@strapi/strapi';

type StrapiModule = typeof StrapiExports;

// Strapi's ESM build cannot be imported from vitest (it imports `lodash/fp` as a directory); its
// CommonJS build can.
const loadCommonJs = createRequire(import.meta.url);

/** Compiles the CMS once for the whole run; each test file then boots the compiled app. */
export default async function compileCms(): Promise<void> {
  const { compileStrapi } = loadCommonJs('@strapi/strapi') as StrapiModule;
  await compileStrapi({ appDir: fileURLToPath(new URL('..', import.meta.url)) });
}
