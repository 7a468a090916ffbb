// Issue 11, items 9 and 10: the example app as `npm start` builds it (example/bootstrap.ts):
// JwtAuthGuard and RolesGuard registered globally, the usual security headers on every response,
// no X-Powered-By, and a Swagger UI at /docs that works under its Content-Security-Policy.
import type { INestApplication } from '@nestjs/common';
import mongoose from 'mongoose';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createExampleApp } from '../../example/bootstrap.js';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import { ADAPTERS_AND_STORES, TEST_SECRET } from '../support/fixture-app.js';
import { expectError, expectUnauthorized } from '../support/http-assertions.js';

const ADMIN = {
  TOKENWARD_ADMIN_USERNAME: 'root',
  TOKENWARD_ADMIN_EMAIL: 'root@example.test',
  TOKENWARD_ADMIN_PASSWORD: 'root password 123',
};

/** The headers helmet 8 sets by default, as the example sends them. */
const SECURITY_HEADERS: Record<string, string> = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
};

/** Directives of helmet's default Content-Security-Policy that matter most for an API. */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'self'",
  "base-uri 'self'",
];

function expectHardened(
  res: { headers: Record<string, string | undefined> },
  what: string,
): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(res.headers[name], `${what}: ${name}`).toBe(value);
  }
  const csp = (res.headers['content-security-policy'] ?? '').split(';');
  for (const directive of CSP_DIRECTIVES) {
    expect(csp, `${what}: content-security-policy`).toContain(directive);
  }
  expect(res.headers['x-powered-by'], `${what}: x-powered-by`).toBeUndefined();
}

describe.each(ADAPTERS_AND_STORES)(
  'the example app as npm start builds it (%s, %s storage)',
  (adapter, storage) => {
    let app: INestApplication;
    let http: TestAgent;
    let mongoUri: string | undefined;

    beforeAll(async () => {
      mongoUri =
        storage === 'mongoose'
          ? uniqueMongoUri(inject('mongoUri'), `example-app-${adapter}`)
          : undefined;
      app = await createExampleApp({
        adapter,
        logger: false,
        env: {
          JWT_SECRET: TEST_SECRET,
          ...ADMIN,
          ...(mongoUri === undefined ? {} : { MONGODB_URI: mongoUri }),
        },
      });
      await app.init();
      if (adapter === 'fastify') {
        await (
          app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }
        ).ready();
      }
      http = request(app.getHttpServer());
    });

    afterAll(async () => {
      await app?.close();
      if (mongoUri !== undefined) {
        const connection = await mongoose
          .createConnection(mongoUri, { serverSelectionTimeoutMS: 10_000 })
          .asPromise();
        await connection.dropDatabase();
        await connection.close();
      }
    });

    it('every kind of response carries the security headers and no X-Powered-By', async () => {
      const answers: Array<[string, { headers: Record<string, string> }]> = [
        ['GET /health', await http.get('/health').expect(200)],
        ['GET /hello (401)', await http.get('/hello').expect(401)],
        [
          'POST /auth/login (400)',
          await http.post('/auth/login').send({}).expect(400),
        ],
        ['GET /nowhere (404)', await http.get('/nowhere').expect(404)],
        ['GET /docs', await http.get('/docs').expect(200)],
        ['GET /docs-json', await http.get('/docs-json').expect(200)],
      ];
      for (const [what, res] of answers) expectHardened(res, what);
    });

    it('the Swagger UI at /docs loads under its Content-Security-Policy: no inline script, every asset served from the app', async () => {
      const page = await http.get('/docs').expect(200);
      const csp = page.headers['content-security-policy'] as string;
      // Neither 'unsafe-inline' nor a nonce for scripts: an inline <script> would not run.
      expect(/script-src 'self'(;|$)/.test(csp)).toBe(true);
      const html = page.text;
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      const assets: string[] = [];
      for (const attributes of scripts) {
        const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
        expect(src, `<script${attributes}>`).toBeDefined();
        assets.push(src!);
      }
      for (const match of html.matchAll(/<link[^>]*href=["']([^"']+)["']/g)) {
        assets.push(match[1]!);
      }
      for (const asset of assets) {
        // Relative to the page: 'self', never another origin.
        expect(asset, asset).not.toMatch(/^(https?:)?\/\//);
        const url = new URL(asset, 'http://app.test/docs').pathname;
        const res = await http.get(url);
        expect(res.status, url).toBe(200);
        if (asset.endsWith('.js')) {
          expect(res.headers['content-type'], url).toMatch(/javascript/);
        }
      }
      // The document itself, and no validator badge (an image from another origin).
      const init = await http.get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toContain('"validatorUrl": null');
    });

    it('JwtAuthGuard and RolesGuard guard every route globally; the open routes stay open', async () => {
      // Open: Tokenward's register/login/JWKS and the example's /health.
      await http
        .post('/auth/register')
        .send({
          username: `guest${storage}${adapter}`,
          email: `guest-${storage}-${adapter}@example.test`,
          password: 'guest password 123',
        })
        .expect(201);
      const user = await http
        .post('/auth/login')
        .send({
          username: `guest${storage}${adapter}`,
          password: 'guest password 123',
        })
        .expect(200);
      await http.get('/auth/.well-known/jwks.json').expect(200);
      await http.get('/health').expect(200);

      // Guarded: the example's routes (no @UseGuards of their own) and Tokenward's.
      for (const path of ['/hello', '/admin/overview', '/auth/me']) {
        expectUnauthorized(await http.get(path), 'authentication_required');
      }
      const bearer = `Bearer ${user.body.access_token as string}`;
      await http
        .get('/hello')
        .set('authorization', bearer)
        .expect(200, { message: `Hello, guest${storage}${adapter}!` });
      expectError(
        await http.get('/admin/overview').set('authorization', bearer),
        403,
        'insufficient_role',
      );
      const admin = await http
        .post('/auth/login')
        .send({
          username: ADMIN.TOKENWARD_ADMIN_USERNAME,
          password: ADMIN.TOKENWARD_ADMIN_PASSWORD,
        })
        .expect(200);
      await http
        .get('/admin/overview')
        .set('authorization', `Bearer ${admin.body.access_token as string}`)
        .expect(200, { message: 'Welcome to the admin area, root.' });
    });

    it('a known path in a method it does not serve: 405 with Allow, in the error format; unknown paths stay 404', async () => {
      const cases: Array<[string, string, string]> = [
        ['trace', '/auth/login', 'POST'],
        ['get', '/auth/login', 'POST'],
        ['put', '/auth/register', 'POST'],
        ['post', '/hello', 'GET, HEAD'],
        ['delete', '/health', 'GET, HEAD'],
        [
          'delete',
          '/auth/admin/users/00000000-0000-4000-8000-000000000000',
          'PATCH',
        ],
        ['put', '/auth/admin/rotations/keys', 'GET, HEAD, POST'],
        // A static path that a parametric route of the method would take (`/sessions/:id`).
        ['delete', '/auth/sessions/revoke-others', 'POST'],
      ];
      for (const [method, path, allow] of cases) {
        const res = await (
          http[method as 'get'](path) as ReturnType<TestAgent['get']>
        ).set('authorization', 'Bearer garbage');
        expectError(res, 405, 'method_not_allowed');
        expect(res.headers.allow, `${method} ${path}`).toBe(allow);
        expectHardened(res, `${method} ${path}`);
      }
      expectError(await http.delete('/nowhere'), 404, 'not_found');
      expectError(await http.trace('/auth/logins'), 404, 'not_found');
      // The methods a path serves are untouched; so is the parametric route itself.
      expectError(
        await http
          .delete('/auth/sessions/00000000-0000-4000-8000-000000000000')
          .set('authorization', 'Bearer garbage'),
        401,
        'invalid_token',
      );
      await http.get('/health').expect(200);
      await http.head('/health').expect(200);
    });
  },
);
