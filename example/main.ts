import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { readExampleEnv } from './example-env.js';
import { NoStackLogger } from './no-stack.logger.js';

const BODY_LIMIT_BYTES = 16 * 1024;

async function bootstrap(): Promise<void> {
  const logger = new Logger('Example');
  const env = readExampleEnv();
  if (env.generatedSecret) {
    logger.warn(
      'JWT_SECRET is not set: using a random secret for this run (tokens die with the process). Set JWT_SECRET; it is required with NODE_ENV=production.',
    );
  }
  // abortOnError: false lets a start-up failure reach the catch below; warnings and errors only,
  // without stack traces: the one line that matters is the ready line.
  const options = {
    logger: new NoStackLogger('Example', { logLevels: ['error', 'warn'] }),
    abortOnError: false,
  };
  // Bodies are capped at 16 KiB by the parser itself, before anything else reads them.
  const app =
    env.adapter === 'fastify'
      ? await NestFactory.create(
          AppModule.register(env),
          new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
          options,
        )
      : await NestFactory.create<NestExpressApplication>(
          AppModule.register(env),
          {
            ...options,
            bodyParser: false,
          },
        );
  if (env.adapter !== 'fastify') {
    const express = app as NestExpressApplication;
    express.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
    express.useBodyParser('urlencoded', {
      limit: BODY_LIMIT_BYTES,
      extended: false,
    });
  }
  // OpenAPI: UI at /docs, JSON at /docs-json (Fastify serves the UI through @fastify/static).
  // bearer = access token (ApiBearerAuth), basic = introspection client (ApiBasicAuth).
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tokenward example')
      .setDescription('JWT authentication routes of nestjs-tokenward')
      .addBearerAuth()
      .addBasicAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  app.enableShutdownHooks();
  await app.listen(env.port, env.host);
  const storage = env.mongodbUri === null ? 'in-memory store' : 'MongoDB';
  process.stdout.write(
    `Tokenward example listening on http://${env.host}:${env.port} (${env.adapter}, ${storage})\n`,
  );
}

bootstrap().catch((error: unknown) => {
  // Message only: a start-up failure must not print secrets or stack traces.
  console.error(error instanceof Error ? error.message : 'Failed to start');
  process.exit(1);
});
