// Builds the shared contract twice: CommonJS for Strapi (which runs compiled CJS from cms/dist)
// and ES modules for Vite. Each output folder gets a package.json naming its module type.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
for (const [config, dir, type] of [
  ['tsconfig.build.cjs.json', 'dist/cjs', 'commonjs'],
  ['tsconfig.build.esm.json', 'dist/esm', 'module'],
]) {
  execFileSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type }) + '\n');
}
