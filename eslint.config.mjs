import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_PAGE_SERVER = {
  // Relative paths only: packages' own `…/server` entries (@unhead/vue/server) are not the page server.
  regex: '^\\.{1,2}/(.*/)?server(/|$)',
  message: 'web/src does not import the page server (web/server): put what both need in shared/.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      '**/.tmp/**',
      '**/.cache/**',
      '**/.strapi/**',
      'cms/types/generated/**',
      'web/e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['web/src/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Imports run down the layers only. The SPA never imports the page server (web/server): what both
  // need is in shared/. Specs may, to hold the two renderers of one thing to the same output.
  {
    files: ['web/src/**/*.{ts,vue}'],
    ignores: ['web/src/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_PAGE_SERVER] }] },
  },
  // utils/ is the bottom layer: the API client, composables, components and pages build on it.
  {
    files: ['web/src/utils/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_PAGE_SERVER,
            {
              group: ['**/api', '**/api/**', '**/composables/**', '**/components/**', '**/pages/**'],
              message: 'utils/ is the bottom layer of web/src: move what both need into utils/ or shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Raw SQL has one home, cms/src/db, whose names all come from Strapi's metadata (db/schema.ts).
    files: ['cms/src/**/*.ts'],
    ignores: ['cms/src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='connection'][object.property.name='db']",
          message: 'Raw queries live in cms/src/db (one resolver for table and column names).',
        },
      ],
    },
  },
  prettier,
);
