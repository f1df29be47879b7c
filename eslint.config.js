// The linter `npm test` runs first (`npm run lint`). Syntax-level rules only, no type information:
// it runs on every test run and must stay a few seconds long; svelte-check does the type checking.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './renderer/svelte.config.js';

export default ts.config(
  {
    // Build output, installed packages, test fixtures and the tools' own copies of other code.
    ignores: ['out/', 'dist/', 'node_modules/', 'test/fixtures/', '.library/', '.reports/', 'test-results/', 'playwright-report/', '.tmp/'],
  },
  // A disable comment that no longer silences anything is noise, and hides the next real problem on its line.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
  // Which globals each folder's code sees where it runs.
  { files: ['main/**', 'scripts/**', 'bin/**', 'test/**', '*.config.{ts,js,mjs}'], languageOptions: { globals: { ...globals.node } } },
  { files: ['preload/**'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  // Playwright specs and the browser harness hand functions to the page (page.evaluate, the bridge bundle).
  { files: ['test/e2e/**', 'test/harness/**'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    rules: {
      // `_name` is the convention for a parameter or binding kept on purpose (a signature, a destructured rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Off: control characters in patterns are the point here (terminal-safe output, visible names, contract bounds).
      'no-control-regex': 'off',
      // Off: patterns match help and table text whose spaces are literal; ' {2}' reads worse than the text itself.
      'no-regex-spaces': 'off',
      // Off: the window copies a Set/Map and assigns the copy to $state; a SvelteSet would change what re-renders.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // A `let` that closures read before its one assignment (main/electron/index.ts: `core`) cannot become a const.
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    ignores: ['**/*.svelte.ts', '**/*.svelte.js'],
    rules: { 'prefer-const': ['error', { ignoreReadBeforeAssign: true }] },
  },
  {
    // Playwright fixtures declare "no dependencies" with an empty pattern: `async ({}, use) => …`.
    files: ['test/e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // Tests read answers whose shape they are checking; `any` there is the honest type.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The size limits of docs/contributing.md (every line counts), for product code; tests hold long tables and scenarios.
    files: ['main/**', 'preload/**', 'renderer/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 100 }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
);
