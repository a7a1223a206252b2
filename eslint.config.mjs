// ESLint for both packages (flat config): the TypeScript of src/, repro/, test/, bench/, scripts/ and tools/ with
// typescript-eslint's recommended rules, type-aware where it matters (no floating promises), no unused variables or
// imports, no duplicate imports, and one import order; the JavaScript of the examples and scripts with ESLint's
// recommended rules. Formatting is not linted: a formatter owns it.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**', '**/node_modules/**', 'docs/api/**', 'test-output/**', 'native/build/**', 'bench/results/**',
      'examples/**/vendor/**',
    ],
  },
  {
    linterOptions: {reportUnusedDisableDirectives: 'error'},
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: {globals: {...globals.node, ...globals.browser}},
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {projectService: {allowDefaultProject: ['*.ts']}, tsconfigRootDir: import.meta.dirname},
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // `import fs = require('fs')` is TypeScript's own import of a CommonJS module object; require() calls are not.
      '@typescript-eslint/no-require-imports': ['error', {allowAsImport: true}],
      '@typescript-eslint/no-unused-vars': ['error', {ignoreRestSiblings: true, caughtErrors: 'none'}],
    },
  },
  {
    files: ['**/*.{ts,js,mjs,cjs}'],
    plugins: {'import-x': importX},
    rules: {
      'no-duplicate-imports': ['error', {allowSeparateTypeImports: true}],
      // Packages first, then this repository's two packages by name and relative paths, each block sorted by path.
      // Side-effect imports (`import 'tfjs-smelu'`) are left where they are: their order is what they do.
      'import-x/order': ['error', {
        'groups': [['builtin', 'external', 'unknown'], ['internal', 'parent', 'sibling', 'index']],
        'pathGroups': [{pattern: 'tfjs-smelu{,-repro}{,/**}', group: 'internal', position: 'before'}],
        'pathGroupsExcludedImportTypes': ['builtin'],
        'distinctGroup': false,
        'newlines-between': 'always',
        'alphabetize': {order: 'asc', caseInsensitive: true},
      }],
    },
  },
);
