import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createExampleApp } from './bootstrap.js';
import type { ExampleConfig } from './example-env.js';

async function bootstrap(): Promise<void> {
  const app = await createExampleApp();
  const config = app.get<ConfigService<ExampleConfig, true>>(ConfigService);
  const logger = new Logger('Example');
  for (const warning of config.get('warnings', { infer: true })) {
    logger.warn(warning);
  }
  const { port, host, adapter } = config.get('server', { infer: true });
  await app.listen(port, host);
  const storage =
    config.get('mongodb', { infer: true }) === null
      ? 'in-memory store'
      : 'MongoDB';
  process.stdout.write(
    `Tokenward example listening on http://${host}:${port} (${adapter}, ${storage})\n`,
  );
}

bootstrap().catch((error: unknown) => {
  // Message only: a start-up failure must not print secrets or stack traces.
  console.error(error instanceof Error ? error.message : 'Failed to start');
  process.exit(1);
});
