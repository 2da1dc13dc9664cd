// Lint, including the layering rule of the repository:
//   shared/   imports nothing of the others, and nothing of Node, the DOM's hosts or React
//   renderer/ never imports electron/ or server/ (or any node: module)
//   server/   never imports renderer/ or electron/
//   electron/ never imports renderer/ or server/ (the server runs in its own process)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**', 'assets/video/**'] /* MPEG-TS segments, not TypeScript */ },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
      // Backend text must never become markup.
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render backend text as HTML.' },
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Never render backend text as HTML.' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: layer(
      ['**/renderer/**', '**/electron/**', '**/server/**', 'node:*', 'electron', 'react', 'react-dom', 'socket.io', 'socket.io-client'],
      'shared/ is imported by every side: it may depend on nothing but itself, zod and assets data.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.ts'],
    rules: layer(['**/electron/**', '**/server/**', 'node:*', 'electron', 'socket.io'], 'The renderer may not reach into electron/ or server/, nor Node.'),
  },
  {
    files: ['server/**/*.ts'],
    rules: layer(['**/renderer/**', '**/electron/**', 'electron'], 'The stream server is independent of the UI and of Electron.'),
  },
  {
    files: ['electron/**/*.ts'],
    rules: layer(['**/renderer/**', '**/server/**'], 'The main process starts the server as a separate process and loads the renderer by URL.'),
  },
);
