import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The specs share one CMS and its database. The WordPress import adds articles (the home page's
 * count and pagination change): its spec runs after every other, in the order Vitest chose for them.
 */
class ImportLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isImport = (file: TestSpecification) => file.moduleId.endsWith('wordpress-import.spec.ts');
    return [...sorted.filter((file) => !isImport(file)), ...sorted.filter(isImport)];
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'web-e2e',
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    sequence: { sequencer: ImportLast },
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
