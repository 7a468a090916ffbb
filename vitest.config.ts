import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Vitest transpiles with esbuild, which emits no decorator metadata; Nest's constructor
// injection needs it, so every file goes through SWC instead (NestJS docs, SWC recipe).
export default defineConfig({
  plugins: [
    swc.vite({
      module: { type: 'es6' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
    }),
  ],
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    environment: 'node',
    reporters: ['default', './test/setup/closing-line.reporter.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    setupFiles: ['reflect-metadata'],
    globalSetup: ['test/setup/mongo.global-setup.ts'],
  },
});
