import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { readExampleEnv } from './example-env.js';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Example');
  const env = readExampleEnv();
  if (env.generatedSecret) {
    logger.warn(
      'JWT_SECRET is not set: using a random secret for this run (tokens die with the process). Set JWT_SECRET; it is required with NODE_ENV=production.',
    );
  }
  const app =
    env.adapter === 'fastify'
      ? await NestFactory.create(
          AppModule.register(env),
          new FastifyAdapter(),
          {
            bufferLogs: true,
          },
        )
      : await NestFactory.create(AppModule.register(env), { bufferLogs: true });
  app.useLogger(logger);
  app.enableShutdownHooks();
  await app.listen(env.port, env.host);
  const storage = env.mongodbUri === null ? 'in-memory store' : 'MongoDB';
  logger.log(
    `Tokenward example listening on http://${env.host}:${env.port} (${env.adapter}, ${storage})`,
  );
}

bootstrap().catch((error: unknown) => {
  // Message only: a start-up failure must not print secrets or stack traces.
  console.error(error instanceof Error ? error.message : 'Failed to start');
  process.exit(1);
});
