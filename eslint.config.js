// @ts-check
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import patterns a layer may not use (clean architecture: dependencies point inward). The rings,
 * inside out: domain, application, infrastructure and interface (which know each other only
 * through the ports and the use cases), module (the composition: it wires them all), cli (runs
 * the module). No layer imports one further out.
 */
const outward = (...layers) =>
  layers.map((layer) => ({
    group: [
      `**/${layer}/**`,
      `../${layer}/**`,
      `../../${layer}/**`,
      `../../../${layer}/**`,
    ],
    message: `This layer must not depend on ${layer}/ (see docs/architecture/overview.md).`,
  }));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.mongo-test-server/**',
      '.venv/**',
      'schemathesis-report/**',
      '.schemathesis/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outward(
              'application',
              'infrastructure',
              'interface',
              'module',
              'cli',
            ),
            {
              group: ['@nestjs/*', 'mongoose', 'argon2', 'jsonwebtoken'],
              message: 'The domain is framework-free.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outward('infrastructure', 'interface', 'module', 'cli'),
            {
              group: [
                'mongoose',
                '@nestjs/mongoose',
                'argon2',
                'jsonwebtoken',
                '@nestjs/jwt',
              ],
              message:
                'The application layer reaches infrastructure only through ports.',
            },
          ],
          paths: [
            {
              name: '@nestjs/common',
              importNames: [
                'HttpException',
                'BadRequestException',
                'UnauthorizedException',
                'ForbiddenException',
                'NotFoundException',
                'ConflictException',
                'ServiceUnavailableException',
                'InternalServerErrorException',
                'HttpStatus',
              ],
              message:
                'The application layer throws domain errors (AuthError); HTTP is decided at the edge.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/infrastructure/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: outward('interface', 'module', 'cli') },
      ],
    },
  },
  {
    // The HTTP edge reaches storage, crypto and the clock only through the ports and use cases.
    files: ['src/interface/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: outward('infrastructure', 'module', 'cli') },
      ],
    },
  },
  {
    files: ['src/module/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: outward('cli') }],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.e2e-spec.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': 'off',
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
