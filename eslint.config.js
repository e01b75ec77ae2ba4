// Lint is where Crossbook's runtime boundaries are enforced (as VS Code does with its layers):
// a renderer never reaches Node or the main process, shared/ stays runtime-free, and only the
// thin Electron host may import `electron`, so everything else runs and is tested in plain Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const electronOnlyInHost = {
  name: 'electron',
  message: 'Only electron/host/ may import electron; the core must run in plain Node (web host, tests).',
};

export const boundaryRules = {
  renderer: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          electronOnlyInHost,
          ...nodeBuiltins.map((name) => ({
            name,
            message:
              'The renderer is sandboxed: no Node built-ins. Ask the core through the shared contract.',
          })),
        ],
        patterns: [
          {
            group: ['**/electron/**', '@electron/*'],
            message: 'The renderer talks to the core only through shared/ (the typed contract).',
          },
        ],
      },
    ],
  },
  shared: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          electronOnlyInHost,
          ...nodeBuiltins.map((name) => ({ name, message: 'shared/ is runtime-free: no Node built-ins.' })),
          { name: 'vue', message: 'shared/ is runtime-free: no UI framework.' },
          { name: 'pinia', message: 'shared/ is runtime-free: no UI framework.' },
          { name: 'ws', message: 'shared/ is runtime-free: no transport.' },
        ],
        patterns: [
          {
            group: ['**/electron/**', '**/renderer/**'],
            message: 'shared/ must not depend on a runtime side.',
          },
        ],
      },
    ],
  },
  core: {
    'no-restricted-imports': [
      'error',
      {
        paths: [electronOnlyInHost],
        patterns: [
          { group: ['electron/*', '**/host/**'], message: 'The core must not depend on the Electron host.' },
          { group: ['**/renderer/**'], message: 'The core must not import renderer code.' },
        ],
      },
    ],
  },
  host: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: ['**/renderer/**'], message: 'The host must not import renderer code.' }] },
    ],
  },
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/one-component-per-file': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: [
      'electron/**/*.ts',
      'build/**/*.{js,mjs,ts}',
      'renderer/vite.config.ts',
      'test/**/*.{ts,mjs}',
      'bench/**/*.ts',
      '*.{js,mjs,ts}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: boundaryRules.renderer,
  },
  { files: ['shared/**/*.ts'], rules: boundaryRules.shared },
  { files: ['electron/**/*.ts'], ignores: ['electron/host/**'], rules: boundaryRules.core },
  { files: ['electron/host/**/*.ts'], rules: boundaryRules.host },
);
