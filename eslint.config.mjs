// Lint rules for the TypeScript sources and the plain-JS scripts. Formatting is prettier's (npm run format).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.cache/**',
      'test-output/**',
      'test/fixtures/**',
      'examples/**',
      'bench/fixtures/**',
      // User code with a syntax error on purpose: the tests assert where the profiler reports it.
      'test/unit/profiler/fixtures/broken-syntax.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Only extension/ and test/vscode/ import vscode.' }] },
      ],
    },
  },
  {
    // The engine carries arbitrary user functions: `Function` is the honest type of what it serializes and calls.
    files: ['worker-host/**/*.ts', 'test/unit/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  {
    // The recorder loads into every process of a recorded program: what it needs beyond its core it requires
    // lazily, on first use, and its wrappers of library methods keep the recorder beside the library's `this`.
    files: ['worker-host/record/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['calls'] }],
    },
  },
  {
    files: ['extension/**/*.ts', 'test/vscode/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
