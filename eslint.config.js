// Type-aware lint with the module-boundary rule of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules import each other only through their index.ts; platform imports no module. */
const moduleBoundary = {
  patterns: [
    {
      // A leading '#' starts a comment in these gitignore-style patterns, hence the escape.
      group: ['\\#modules/*/*', '!\\#modules/*/index.js'],
      message: 'Import another module only through its index (#modules/<name>/index.js).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tools/', 'public/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-explicit-any': 'error',
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] }] }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Fastify plugins and hooks are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': ['error', moduleBoundary],
    },
  },
  {
    files: ['src/modules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...moduleBoundary.patterns,
            { group: ['../*/*', '!../*/index.js', '../../modules/*/*', '!../../modules/*/index.js'], message: 'Import another module only through its index.js.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['\\#modules/*', '**/modules/**'], message: 'platform/ must not depend on any module.' }] },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['bin/**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
