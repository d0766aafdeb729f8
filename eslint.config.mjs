// ESLint for the kit (`npm run lint`, run by CI): a few rules, each catching a mistake the compiler does not, none
// about style (layout is the code's own; there is no formatter to fight). Linted: src/ test/ scripts/ bench/ bin/.
// tsc checks the TypeScript (tsconfig.json for src, tsconfig.test.json for src and test: `npm run typecheck`); these
// rules add what it cannot see. A finding is fixed in the code, or a disable comment names the rule and says why.
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Unused names: an import left behind, a variable computed and never read. `_name` marks one unused on purpose. */
const unusedVars = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }];

export default defineConfig(
  { ignores: ['**/node_modules/', 'dist/', 'bench/data/'] },
  {
    linterOptions: {
      // A disable comment that no longer suppresses anything (the code changed, or the rule name is wrong) fails.
      reportUnusedDisableDirectives: 'error',
    },
  },
  {
    files: ['**/*.{js,cjs,mjs,ts,mts}'],
    rules: {
      // `==` coerces ('1' == 1, [] == false); `== null` stays allowed: it means null or undefined, on purpose.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // A binding never reassigned is const, so the one that is reassigned stands out.
      'prefer-const': 'error',
      // `var` is function-scoped and hoisted; Node code uses let/const (the browser scripts are exempt below).
      'no-var': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: {
      parser: tseslint.parser,
      // Type information for no-floating-promises, from the same program `npm run typecheck` builds (src and test).
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // tsconfig.json leaves noUnusedLocals/noUnusedParameters off, so tsc does not report these.
      '@typescript-eslint/no-unused-vars': unusedVars,
      // A promise neither awaited, returned nor handled: its failure is lost or crashes the process later, and a
      // test's un-awaited assertion passes without having run. `void p` marks one left running on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      // `require()` in TypeScript is untyped (any) and bypasses the import graph. The kit requires on purpose in
      // two cases, each marked with a disable comment: modules loaded on first use (the AWS SDK, Arrow,
      // parquet-wasm, the EMR engines: start-up a run on folders need not pay) and the plain CommonJS of scripts/.
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  {
    files: ['**/*.{js,cjs}'],
    ignores: ['src/present/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      // No compiler looks at the plain JavaScript: a misspelt or missing name is found here or at run time.
      'no-undef': 'error',
      'no-unused-vars': unusedVars,
    },
  },
  {
    // Browser scripts inlined verbatim into the exported notebooks and slide decks (no build step): the browser's
    // globals and the libraries the page loads. Written ES5-style inside an IIFE; `var` there is left as it is.
    files: ['src/present/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, Plotly: 'readonly', Reveal: 'readonly', RevealNotes: 'readonly', RevealHighlight: 'readonly' },
    },
    rules: { 'no-undef': 'error', 'no-unused-vars': unusedVars, 'no-var': 'off' },
  },
);
