import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { Test } from '@nestjs/testing';
import ignore from 'ignore';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FAST_ARGON2, TEST_SECRET } from '../support/fixture-app.js';

// @nestjs/swagger is an optional peer: every Api* decorator comes through
// src/interface/http/openapi/optional-swagger.ts, which require()s the package when present and
// hands out no-ops otherwise. These tests prove a host without the package still gets a working
// module.

const ROOT = resolve(import.meta.dirname, '../..');
const SHIM = 'src/interface/http/openapi/optional-swagger.ts';
const SWAGGER_PROPERTIES = 'swagger/apiModelPropertiesArray';

/**
 * The files under `dir` (paths relative to the repository, `/`-separated) that .gitignore does
 * not exclude: what `git ls-files --cached --others --exclude-standard` lists, from the file
 * system, so the spec also runs on an unpacked tarball or ZIP that is no git checkout.
 */
function sourceFiles(dir: string): string[] {
  const ignored = ignore().add(readFileSync(join(ROOT, '.gitignore'), 'utf8'));
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'),
    )
    .filter((file) => !ignored.ignores(file));
}

function notFound(id: string): Error {
  return Object.assign(new Error(`Cannot find module '${id}'`), {
    code: 'MODULE_NOT_FOUND',
  });
}

describe('optional @nestjs/swagger peer', () => {
  afterEach(() => {
    vi.doUnmock('node:module');
    vi.resetModules();
  });

  it('is imported statically nowhere in src (only required by the shim)', async () => {
    const files = sourceFiles('src').filter((f) => f.endsWith('.ts'));
    const runtimeImport =
      /^\s*(import|export)\s+(?!type\s)(?:[^'"`;]*?\sfrom\s+)?['"]@nestjs\/swagger(\/[^'"]*)?['"]/m;
    expect(files).toContain(SHIM);
    expect(
      files.filter((f) =>
        runtimeImport.test(readFileSync(join(ROOT, f), 'utf8')),
      ),
    ).toEqual([]);
    expect(readFileSync(join(ROOT, SHIM), 'utf8')).toContain(
      "load('@nestjs/swagger')",
    );
  });

  it('loadSwagger: null when the package cannot be resolved (real resolution error)', async () => {
    const { loadSwagger } =
      await import('../../src/interface/http/openapi/optional-swagger.js');
    const elsewhere = createRequire(
      join(tmpdir(), 'no-node-modules-here', 'x.js'),
    );
    expect(loadSwagger(elsewhere)).toBeNull();
    expect(loadSwagger()).not.toBeNull();
  });

  it('loadSwagger: a broken installation (a dependency of swagger missing) still throws', async () => {
    const { loadSwagger } =
      await import('../../src/interface/http/openapi/optional-swagger.js');
    expect(() =>
      loadSwagger(() => {
        throw notFound('swagger-ui-dist');
      }),
    ).toThrow(/swagger-ui-dist/);
  });

  it('the whole module loads and serves without @nestjs/swagger', async () => {
    vi.resetModules();
    vi.doMock('node:module', async (importOriginal) => {
      const original = await importOriginal<typeof import('node:module')>();
      return {
        ...original,
        createRequire: (from: string | URL) => {
          const real = original.createRequire(from);
          return Object.assign((id: string) => {
            if (id === '@nestjs/swagger' || id.startsWith('@nestjs/swagger/'))
              throw notFound(id);
            return real(id) as unknown;
          }, real);
        },
      };
    });
    const shim =
      await import('../../src/interface/http/openapi/optional-swagger.js');
    expect(shim.SWAGGER_AVAILABLE).toBe(false);
    const { AuthModule } = await import('../../src/index.js');
    const { LoginRequestDto } =
      await import('../../src/interface/http/dtos/login.request.dto.js');
    // The no-op decorators recorded nothing ...
    expect(
      Reflect.getMetadata(SWAGGER_PROPERTIES, LoginRequestDto.prototype),
    ).toBeUndefined();

    // ... and the module works: register, log in, read /me.
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          secret: TEST_SECRET,
          argon2: FAST_ARGON2,
          rateLimit: false,
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    app.useLogger(false);
    await app.init();
    try {
      const http = request(app.getHttpServer());
      const credentials = {
        username: 'noswagger',
        email: 'noswagger@example.test',
        password: 'long-enough-password',
      };
      await http.post('/auth/register').send(credentials).expect(201);
      const login = await http
        .post('/auth/login')
        .send({
          username: credentials.username,
          password: credentials.password,
        })
        .expect(200);
      const me = await http
        .get('/auth/me')
        .set('Authorization', `Bearer ${login.body.access_token}`)
        .expect(200);
      expect(me.body.username).toBe('noswagger');
      // Validation still comes from class-validator, not from the (absent) documentation.
      await http.post('/auth/login').send({ username: 'x' }).expect(400);
    } finally {
      await app.close();
    }
  });

  it('with the package installed, the same DTO carries its OpenAPI metadata (the check above can fail)', async () => {
    const { LoginRequestDto } =
      await import('../../src/interface/http/dtos/login.request.dto.js');
    expect(
      Reflect.getMetadata(SWAGGER_PROPERTIES, LoginRequestDto.prototype),
    ).toEqual([':username', ':password', ':device_name']);
  });
});
