import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { ExampleConfig } from './example-env.js';
import { NoStackLogger } from './no-stack.logger.js';

const BODY_LIMIT_BYTES = 16 * 1024;

async function bootstrap(): Promise<void> {
  // The HTTP adapter exists before the app, so before ConfigModule: read this one switch
  // directly. ConfigModule's validation still refuses any value but "express" or "fastify".
  const fastify = process.env.TOKENWARD_ADAPTER === 'fastify';
  // abortOnError: false lets a start-up failure reach the catch below; warnings and errors only,
  // without stack traces: the one line that matters is the ready line.
  const options = {
    logger: new NoStackLogger('Example', { logLevels: ['error', 'warn'] }),
    abortOnError: false,
  };
  // Bodies are capped at 16 KiB by the parser itself, before anything else reads them.
  const app = fastify
    ? await NestFactory.create(
        AppModule.register(),
        new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
        options,
      )
    : await NestFactory.create<NestExpressApplication>(AppModule.register(), {
        ...options,
        bodyParser: false,
      });
  const config = app.get<ConfigService<ExampleConfig, true>>(ConfigService);
  const logger = new Logger('Example');
  for (const warning of config.get('warnings', { infer: true })) {
    logger.warn(warning);
  }
  if (!fastify) {
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
