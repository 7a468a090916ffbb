import { SigningKeyRotationRequestDto } from '../../src/interface/http/dtos/signing-key-rotation.request.dto.js';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { GlobalRotationRequestDto } from '../../src/interface/http/dtos/global-rotation.request.dto.js';
import { IntrospectRequestDto } from '../../src/interface/http/dtos/introspect.request.dto.js';
import { ListAuditRecordsRequestDto } from '../../src/interface/http/dtos/list-audit-records.request.dto.js';
import { ListUsersRequestDto } from '../../src/interface/http/dtos/list-users.request.dto.js';
import { LoginRequestDto } from '../../src/interface/http/dtos/login.request.dto.js';
import { RefreshRequestDto } from '../../src/interface/http/dtos/refresh.request.dto.js';
import { RegisterRequestDto } from '../../src/interface/http/dtos/register.request.dto.js';
import { UpdateUserRequestDto } from '../../src/interface/http/dtos/update-user.request.dto.js';
import { UserRotationRequestDto } from '../../src/interface/http/dtos/user-rotation.request.dto.js';
import { ChangePasswordRequestDto } from '../../src/interface/http/dtos/change-password.request.dto.js';
import { ForgotPasswordRequestDto } from '../../src/interface/http/dtos/forgot-password.request.dto.js';
import { ResetPasswordRequestDto } from '../../src/interface/http/dtos/reset-password.request.dto.js';
import { VerifyEmailRequestDto } from '../../src/interface/http/dtos/verify-email.request.dto.js';
import { ChangeEmailRequestDto } from '../../src/interface/http/dtos/change-email.request.dto.js';
import { CreateUserRequestDto } from '../../src/interface/http/dtos/create-user.request.dto.js';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  registerAndLogin,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  allOf?: Schema[];
};
type Security = 'bearer' | 'basic' | null;
type Dto = new () => object;

/** Every route Tokenward mounts: method, OpenAPI path, security scheme, request DTO. */
const ROUTES: Array<[string, string, Security, Dto | null]> = [
  ['post', '/auth/register', null, RegisterRequestDto],
  ['post', '/auth/login', null, LoginRequestDto],
  ['post', '/auth/refresh', null, RefreshRequestDto],
  ['post', '/auth/logout', 'bearer', null],
  ['post', '/auth/logout-all', 'bearer', null],
  ['get', '/auth/me', 'bearer', null],
  ['post', '/auth/introspect', 'basic', IntrospectRequestDto],
  ['post', '/auth/admin/rotations/global', 'bearer', GlobalRotationRequestDto],
  ['get', '/auth/admin/rotations/global', 'bearer', null],
  [
    'post',
    '/auth/admin/rotations/keys',
    'bearer',
    SigningKeyRotationRequestDto,
  ],
  ['get', '/auth/admin/rotations/keys', 'bearer', null],
  ['get', '/auth/.well-known/jwks.json', null, null],
  [
    'post',
    '/auth/admin/users/{id}/rotations',
    'bearer',
    UserRotationRequestDto,
  ],
  ['get', '/auth/admin/users', 'bearer', ListUsersRequestDto],
  ['patch', '/auth/admin/users/{id}', 'bearer', UpdateUserRequestDto],
  ['get', '/auth/admin/audit', 'bearer', ListAuditRecordsRequestDto],
  ['post', '/auth/password/change', 'bearer', ChangePasswordRequestDto],
  ['post', '/auth/password/forgot', null, ForgotPasswordRequestDto],
  ['post', '/auth/password/reset', null, ResetPasswordRequestDto],
  ['post', '/auth/email/verify', null, VerifyEmailRequestDto],
  ['post', '/auth/email/verify/resend', 'bearer', null],
  ['post', '/auth/email/change', 'bearer', ChangeEmailRequestDto],
  ['post', '/auth/admin/users', 'bearer', CreateUserRequestDto],
  ['post', '/auth/admin/users/{id}/password-reset', 'bearer', null],
];

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function buildDocument(f: FixtureApp): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('fixture')
    .addBearerAuth()
    .addBasicAuth()
    .build();
  return SwaggerModule.createDocument(f.app, config);
}

function resolve(document: OpenAPIObject, schema: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const resolved = document.components?.schemas?.[name] as Schema | undefined;
  expect(resolved, `schema ${name}`).toBeDefined();
  return resolved!;
}

/** A schema's properties, following `allOf` (inherited response classes). */
function properties(
  document: OpenAPIObject,
  schema: Schema,
): { props: Record<string, Schema>; required: string[] } {
  const own = resolve(document, schema);
  const parts = [own, ...(own.allOf ?? []).map((s) => resolve(document, s))];
  return {
    props: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
    required: parts.flatMap((p) => p.required ?? []),
  };
}

/**
 * What class-validator enforces on a DTO, as the JSON-schema keywords that document it. The
 * OpenAPI document is written by hand (no swagger CLI plugin), so this is what keeps it honest.
 */
function validatorConstraints(dto: Dto): {
  expected: Record<string, Schema>;
  optional: Set<string>;
} {
  const expected: Record<string, Schema> = {};
  const optional = new Set<string>();
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(
    dto,
    '',
    true,
    false,
  );
  for (const m of metadatas) {
    const prop = (expected[m.propertyName] ??= {});
    const target: Schema = m.each ? (prop.items ??= {}) : prop;
    const [a, b] = (m.constraints ?? []) as [unknown, unknown];
    // @IsOptional and @ValidateIf: the property may be absent.
    if (m.type === 'conditionalValidation') {
      optional.add(m.propertyName);
      continue;
    }
    switch (m.name) {
      case 'isString':
        target.type = 'string';
        break;
      case 'isInt':
        target.type = 'integer';
        break;
      case 'isBoolean':
        target.type = 'boolean';
        break;
      case 'isArray':
        target.type = 'array';
        break;
      case 'isEmail':
        target.format = 'email';
        break;
      case 'isIn':
        target.enum = a as unknown[];
        break;
      case 'minLength':
        target.minLength = a as number;
        break;
      case 'maxLength':
        target.maxLength = a as number;
        break;
      case 'isLength':
        target.minLength = a as number;
        target.maxLength = b as number;
        break;
      case 'min':
        target.minimum = a as number;
        break;
      case 'max':
        target.maximum = a as number;
        break;
      case 'arrayMaxSize':
        target.maxItems = a as number;
        break;
      default:
        if (m.name !== undefined) {
          throw new Error(`no OpenAPI mapping for @${m.name} on ${dto.name}`);
        }
    }
  }
  return { expected, optional };
}

describe.each(['express', 'fastify'] as const)(
  'OpenAPI document (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });
    let document: OpenAPIObject;

    beforeAll(() => {
      document = buildDocument(f);
    });

    it('lists exactly the mounted Tokenward routes, each with its security scheme', () => {
      const documented = Object.entries(document.paths)
        .filter(([path]) => path.startsWith('/auth/'))
        .flatMap(([path, item]) =>
          METHODS.filter((m) => item[m] !== undefined).map(
            (m) => `${m} ${path}`,
          ),
        );
      expect(documented.sort()).toEqual(
        ROUTES.map(([method, path]) => `${method} ${path}`).sort(),
      );
      for (const [method, path, security] of ROUTES) {
        const operation = document.paths[path]![method as 'get']!;
        expect(operation.security ?? [], `${method} ${path}`).toEqual(
          security === null ? [] : [{ [security]: [] }],
        );
        expect(
          operation.tags?.length,
          `${method} ${path} tags`,
        ).toBeGreaterThan(0);
        expect(operation.summary, `${method} ${path} summary`).toBeTruthy();
      }
      expect(
        Object.keys(document.components?.securitySchemes ?? {}).sort(),
      ).toEqual(['basic', 'bearer']);
    });

    it('documents routes that really exist (none answers 404 on its documented path)', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      for (const [method, path] of ROUTES) {
        const url = path.replace('{id}', id);
        const response = await (
          f.http[method as 'get'](url) as ReturnType<typeof f.http.get>
        ).send({});
        expect(response.status, `${method} ${url}`).not.toBe(404);
      }
    });

    it("gives every request body and query the DTO's properties with their validation constraints", () => {
      for (const [method, path, , dto] of ROUTES) {
        if (dto === null) continue;
        const operation = document.paths[path]![method as 'get']!;
        const { expected, optional } = validatorConstraints(dto);
        let props: Record<string, Schema>;
        let required: string[];
        if (method === 'get') {
          const query = (operation.parameters ?? []).filter(
            (p) => 'in' in p && p.in === 'query',
          ) as Array<{ name: string; required?: boolean; schema: Schema }>;
          props = Object.fromEntries(query.map((p) => [p.name, p.schema]));
          required = query.filter((p) => p.required).map((p) => p.name);
        } else {
          const body = operation.requestBody as
            { content: Record<string, { schema: Schema }> } | undefined;
          const schema = body?.content['application/json']?.schema;
          expect(schema, `${method} ${path} body`).toBeDefined();
          ({ props, required } = properties(document, schema!));
        }
        expect(Object.keys(props).sort(), `${dto.name} properties`).toEqual(
          Object.keys(expected).sort(),
        );
        for (const [name, constraints] of Object.entries(expected)) {
          expect(props[name], `${dto.name}.${name}`).toMatchObject(
            constraints as Record<string, unknown>,
          );
          expect(required.includes(name), `${dto.name}.${name} required`).toBe(
            !optional.has(name),
          );
        }
      }
    });

    it('documents the introspection body as JSON or form-encoded', () => {
      const body = document.paths['/auth/introspect']!.post!.requestBody as {
        content: Record<string, unknown>;
      };
      expect(Object.keys(body.content).sort()).toEqual([
        'application/json',
        'application/x-www-form-urlencoded',
      ]);
    });

    it('documents every error answer in the { statusCode, error, code, message } format', () => {
      for (const [method, path] of ROUTES) {
        const responses = document.paths[path]![method as 'get']!.responses;
        const errors = Object.entries(responses).filter(
          ([status]) => Number(status) >= 400,
        );
        expect(errors.length, `${method} ${path} errors`).toBeGreaterThan(0);
        for (const [status, response] of errors) {
          const schema = (
            response as { content: Record<string, { schema: Schema }> }
          ).content['application/json']!.schema;
          const { required } = properties(document, schema);
          expect(required.sort(), `${method} ${path} ${status}`).toEqual([
            'code',
            'error',
            'message',
            'statusCode',
          ]);
        }
      }
    });

    it('documents success bodies that match what the routes answer', async () => {
      const admin = await adminLogin(f);
      const user = await registerAndLogin(f);
      const successSchema = (method: string, path: string) => {
        const responses = document.paths[path]![method as 'get']!.responses;
        const [, response] = Object.entries(responses).find(
          ([status]) => Number(status) < 300,
        )!;
        return properties(
          document,
          (response as { content: Record<string, { schema: Schema }> }).content[
            'application/json'
          ]!.schema,
        );
      };
      const answers: Array<[string, string, Record<string, unknown>]> = [
        [
          'post',
          '/auth/login',
          (
            await f.http
              .post('/auth/login')
              .send({
                username: user.credentials.username,
                password: user.credentials.password,
              })
              .expect(200)
          ).body,
        ],
        [
          'get',
          '/auth/me',
          (
            await f.http
              .get('/auth/me')
              .set(...bearer(user.accessToken))
              .expect(200)
          ).body,
        ],
        [
          'post',
          '/auth/introspect',
          (
            await f.http
              .post('/auth/introspect')
              .auth(
                INTROSPECTION_CLIENT.clientId,
                INTROSPECTION_CLIENT.clientSecret,
              )
              .send({ token: user.accessToken })
              .expect(200)
          ).body,
        ],
        [
          'get',
          '/auth/admin/rotations/global',
          (
            await f.http
              .get('/auth/admin/rotations/global')
              .set(...bearer(admin.accessToken))
              .expect(200)
          ).body,
        ],
        [
          'get',
          '/auth/admin/users',
          (
            await f.http
              .get('/auth/admin/users')
              .set(...bearer(admin.accessToken))
              .expect(200)
          ).body,
        ],
        [
          'post',
          '/auth/admin/users/{id}/rotations',
          (
            await f.http
              .post(`/auth/admin/users/${user.userId}/rotations`)
              .set(...bearer(admin.accessToken))
              .send({})
              .expect(201)
          ).body,
        ],
        [
          'get',
          '/auth/admin/audit',
          (
            await f.http
              .get('/auth/admin/audit')
              .set(...bearer(admin.accessToken))
              .expect(200)
          ).body,
        ],
        [
          'post',
          '/auth/password/forgot',
          (
            await f.http
              .post('/auth/password/forgot')
              .send({ email: user.credentials.email })
              .expect(202)
          ).body,
        ],
        [
          'post',
          '/auth/admin/users',
          (
            await f.http
              .post('/auth/admin/users')
              .set(...bearer(admin.accessToken))
              .send({
                username: `made${user.userId.slice(0, 8)}`,
                email: `made-${user.userId}@example.test`,
                password: 'made by the admin',
              })
              .expect(201)
          ).body,
        ],
        [
          'post',
          '/auth/admin/users/{id}/password-reset',
          (
            await f.http
              .post(`/auth/admin/users/${user.userId}/password-reset`)
              .set(...bearer(admin.accessToken))
              .expect(202)
          ).body,
        ],
        [
          'post',
          '/auth/logout-all',
          (
            await f.http
              .post('/auth/logout-all')
              .set(...bearer(admin.accessToken))
              .expect(200)
          ).body,
        ],
      ];
      for (const [method, path, body] of answers) {
        const { props, required } = successSchema(method, path);
        expect(Object.keys(body).sort(), `${method} ${path}`).toEqual(
          Object.keys(props).sort(),
        );
        expect(Object.keys(body)).toEqual(expect.arrayContaining(required));
      }
      // The audit page's items: the record schema, field for field.
      const [, , audit] = answers.find(
        ([, path]) => path === '/auth/admin/audit',
      )!;
      const items = audit.items as Array<Record<string, unknown>>;
      expect(items.length).toBeGreaterThan(0);
      const page = successSchema('get', '/auth/admin/audit');
      const record = properties(document, page.props.items!.items!);
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(
          Object.keys(record.props).sort(),
        );
      }
      expect(record.props.action!.enum).toContain(items[0]!.action);
    });
  },
);
