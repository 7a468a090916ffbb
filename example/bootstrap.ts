import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import fastifyCookie from '@fastify/cookie';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import cookieParser from 'cookie-parser';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, type ExampleModuleOptions } from './app.module.js';
import { answerMethodNotAllowed } from './method-not-allowed.js';
import { NoStackLogger } from './no-stack.logger.js';

const BODY_LIMIT_BYTES = 16 * 1024;

/** What `createExampleApp` is given: the module's seams plus the HTTP adapter. */
export interface ExampleAppOptions extends ExampleModuleOptions {
  /** Default: `TOKENWARD_ADAPTER` of the environment (the adapter exists before ConfigModule). */
  readonly adapter?: 'express' | 'fastify';
  /** Default: Nest's logger, warnings and errors only, without stack traces. */
  readonly logger?: false;
}

/**
 * The example app, configured as `npm start` runs it (security headers, body limits, OpenAPI at
 * /docs) but not listening yet: main.ts listens, tests call `init()`.
 */
export async function createExampleApp(
  options: ExampleAppOptions = {},
): Promise<INestApplication> {
  // The HTTP adapter exists before the app, so before ConfigModule: read this one switch
  // directly. ConfigModule's validation still refuses any value but "express" or "fastify".
  const fastify =
    (options.adapter ?? (options.env ?? process.env).TOKENWARD_ADAPTER) ===
    'fastify';
  // abortOnError: false lets a start-up failure reach the caller; warnings and errors only,
  // without stack traces: the one line that matters is the ready line.
  const nestOptions = {
    logger:
      options.logger ??
      new NoStackLogger('Example', { logLevels: ['error', 'warn'] }),
    abortOnError: false,
  };
  // Bodies are capped at 16 KiB by the parser itself, before anything else reads them.
  const app = fastify
    ? await NestFactory.create(
        AppModule.register(options),
        new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
        nestOptions,
      )
    : await NestFactory.create<NestExpressApplication>(
        AppModule.register(options),
        { ...nestOptions, bodyParser: false },
      );
  // Helmet's headers (Nest >= 12.1 sets them itself, alike on Express and Fastify, on every
  // response: routes, 404s, errors) and no X-Powered-By. The default Content-Security-Policy
  // already fits the Swagger UI at /docs: its scripts are files served from 'self', its inline
  // styles are allowed by style-src 'unsafe-inline', its icons are data: images.
  app.useSecurityHeaders();
  // The adapter's cookie plugin, which Tokenward's refreshTokenCookie (TOKENWARD_REFRESH_COOKIE=1)
  // reads and sets cookies through. Harmless when the option is off.
  if (fastify) {
    await (app as NestFastifyApplication).register(fastifyCookie);
  } else {
    (app as NestExpressApplication).use(cookieParser());
  }
  // 405 + Allow for a known path in a method it does not serve (both adapters answer 404).
  answerMethodNotAllowed(app, fastify ? 'fastify' : 'express');
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
  // No validator badge: it would load an image from validator.swagger.io, which the CSP refuses.
  SwaggerModule.setup('docs', app, document, {
    swaggerOptions: { validatorUrl: null },
  });
  app.enableShutdownHooks();
  return app;
}
