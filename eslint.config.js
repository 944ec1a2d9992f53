import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
  {
    // A test must not pass or fail by accident: every rule of the recommended set is an
    // error here (the set's own warnings would not stop the lint gate).
    files: ['test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...Object.fromEntries(
        Object.keys(jest.configs['flat/recommended'].rules).map((rule) => [rule, 'error']),
      ),
      // A helper that asserts is named expect…: a test calling only such a helper asserts.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
