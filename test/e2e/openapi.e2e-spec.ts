import { readFileSync } from 'node:fs';
import { SigningKeyRotationRequestDto } from '../../src/interface/http/dtos/signing-key-rotation.request.dto.js';
import { totpCode } from '../support/totp-kit.js';
import { ConfirmTotpRequestDto } from '../../src/interface/http/dtos/confirm-totp.request.dto.js';
import { EnrollTotpRequestDto } from '../../src/interface/http/dtos/enroll-totp.request.dto.js';
import { DisableTotpRequestDto } from '../../src/interface/http/dtos/disable-totp.request.dto.js';
import { TotpCodeRequestDto } from '../../src/interface/http/dtos/totp-code.request.dto.js';
import { VerifyMfaRequestDto } from '../../src/interface/http/dtos/verify-mfa.request.dto.js';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { getMetadataStorage } from 'class-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkOf, useSmtpInbox } from '../support/smtp-inbox.js';
import { ROLE_PATTERN } from '../../src/domain/value-objects/roles.js';
import { TYPED_USERNAME_PATTERN } from '../../src/domain/value-objects/username-characters.js';
import { GlobalRotationRequestDto } from '../../src/interface/http/dtos/global-rotation.request.dto.js';
import { IntrospectRequestDto } from '../../src/interface/http/dtos/introspect.request.dto.js';
import { ListAuditRecordsRequestDto } from '../../src/interface/http/dtos/list-audit-records.request.dto.js';
import { ListUsersRequestDto } from '../../src/interface/http/dtos/list-users.request.dto.js';
import { LoginRequestDto } from '../../src/interface/http/dtos/login.request.dto.js';
import { RefreshRequestDto } from '../../src/interface/http/dtos/refresh.request.dto.js';
import { RegisterRequestDto } from '../../src/interface/http/dtos/register.request.dto.js';
import { UpdateUserRequestDto } from '../../src/interface/http/dtos/update-user.request.dto.js';
import { UserRotationRequestDto } from '../../src/interface/http/dtos/user-rotation.request.dto.js';
import { MfaResetRequestDto } from '../../src/interface/http/dtos/mfa-reset.request.dto.js';
import { ChangePasswordRequestDto } from '../../src/interface/http/dtos/change-password.request.dto.js';
import { ForgotPasswordRequestDto } from '../../src/interface/http/dtos/forgot-password.request.dto.js';
import { ResetPasswordRequestDto } from '../../src/interface/http/dtos/reset-password.request.dto.js';
import { VerifyEmailRequestDto } from '../../src/interface/http/dtos/verify-email.request.dto.js';
import { ChangeEmailRequestDto } from '../../src/interface/http/dtos/change-email.request.dto.js';
import { CreateUserRequestDto } from '../../src/interface/http/dtos/create-user.request.dto.js';
import { TokenRequestDto } from '../../src/interface/http/dtos/token.request.dto.js';
import {
  PasskeyAuthenticationOptionsRequestDto,
  PasskeyAuthenticationRequestDto,
} from '../../src/interface/http/dtos/passkey-authentication.request.dto.js';
import { PasskeyRegistrationRequestDto } from '../../src/interface/http/dtos/passkey-registration.request.dto.js';
import { WebAuthnChallengeRepository } from '../../src/domain/ports/webauthn-challenge.repository.js';
import { FIXTURE, seedRecordedChallenge } from '../support/passkey-kit.js';
import { RevokeRequestDto } from '../../src/interface/http/dtos/revoke.request.dto.js';
import { CreateSsfStreamRequestDto } from '../../src/interface/http/dtos/create-ssf-stream.request.dto.js';
import { UpdateSsfStreamRequestDto } from '../../src/interface/http/dtos/update-ssf-stream.request.dto.js';
import {
  SsfStreamIdQueryDto,
  SsfStreamsQueryDto,
} from '../../src/interface/http/dtos/ssf-stream-query.request.dto.js';
import { SsfStreamStatusRequestDto } from '../../src/interface/http/dtos/ssf-stream-status.request.dto.js';
import { SsfVerifyRequestDto } from '../../src/interface/http/dtos/ssf-verify.request.dto.js';
import { SsfPollRequestDto } from '../../src/interface/http/dtos/ssf-poll.request.dto.js';
import {
  ADAPTERS_AND_STORES,
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  newUser,
  registerAndLogin,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectError, jwtPayload } from '../support/http-assertions.js';
import { AuthConfig } from '../support/tokenward.js';

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
  pattern?: string;
  nullable?: boolean;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
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
  ['post', '/auth/admin/users/{id}/mfa/reset', 'bearer', MfaResetRequestDto],
  ['get', '/auth/sessions', 'bearer', null],
  ['post', '/auth/sessions/revoke-others', 'bearer', null],
  ['delete', '/auth/sessions/{id}', 'bearer', null],
  ['get', '/auth/admin/users/{id}/sessions', 'bearer', null],
  ['delete', '/auth/admin/users/{id}/sessions/{sid}', 'bearer', null],
  ['post', '/auth/token', 'basic', TokenRequestDto],
  ['post', '/auth/revoke', 'basic', RevokeRequestDto],
  ['post', '/auth/ssf/streams', 'bearer', CreateSsfStreamRequestDto],
  ['get', '/auth/ssf/streams', 'bearer', SsfStreamsQueryDto],
  ['patch', '/auth/ssf/streams', 'bearer', UpdateSsfStreamRequestDto],
  ['put', '/auth/ssf/streams', 'bearer', UpdateSsfStreamRequestDto],
  ['delete', '/auth/ssf/streams', 'bearer', null],
  ['get', '/auth/ssf/status', 'bearer', SsfStreamIdQueryDto],
  ['post', '/auth/ssf/status', 'bearer', SsfStreamStatusRequestDto],
  ['post', '/auth/ssf/verify', 'bearer', SsfVerifyRequestDto],
  ['post', '/auth/ssf/poll/{stream_id}', 'bearer', SsfPollRequestDto],
  ['post', '/auth/mfa/totp/enroll', 'bearer', EnrollTotpRequestDto],
  ['post', '/auth/mfa/totp/confirm', 'bearer', ConfirmTotpRequestDto],
  ['delete', '/auth/mfa/totp', 'bearer', DisableTotpRequestDto],
  ['post', '/auth/mfa/recovery-codes', 'bearer', TotpCodeRequestDto],
  ['post', '/auth/mfa/verify', null, VerifyMfaRequestDto],
  ['post', '/auth/mfa/webauthn/register/options', 'bearer', null],
  [
    'post',
    '/auth/mfa/webauthn/register',
    'bearer',
    PasskeyRegistrationRequestDto,
  ],
  [
    'post',
    '/auth/mfa/webauthn/authenticate/options',
    null,
    PasskeyAuthenticationOptionsRequestDto,
  ],
  [
    'post',
    '/auth/mfa/webauthn/authenticate',
    null,
    PasskeyAuthenticationRequestDto,
  ],
  ['get', '/auth/mfa/webauthn/credentials', 'bearer', null],
  ['delete', '/auth/mfa/webauthn/credentials/{id}', 'bearer', null],
];

/** Routes answering errors in RFC 6749 §5.2's `{ error, error_description }`, not Tokenward's. */
const OAUTH_PATHS = new Set(['/auth/token', '/auth/revoke']);

/** The RFC 6749 `error` a Tokenward code is answered as on the OAuth routes. */
const OAUTH_ERROR: Record<string, string> = {
  validation_failed: 'invalid_request',
  payload_too_large: 'invalid_request',
  unsupported_media_type: 'invalid_request',
};

/** `expectError`, or its RFC 6749 counterpart on the OAuth routes. */
function expectRouteError(
  path: string,
  res: Parameters<typeof expectError>[0],
  status: number,
  code: string,
): void {
  if (!OAUTH_PATHS.has(path)) {
    expectError(res, status, code);
    return;
  }
  expect(res.status, `${path} ${code}`).toBe(status);
  expect(Object.keys(res.body).sort()).toEqual(['error', 'error_description']);
  expect(res.body.error, path).toBe(OAUTH_ERROR[code] ?? code);
}

/** A confidential client with scopes: the client-credentials grant's. */
const SCOPED_CLIENT = {
  clientId: 'reports',
  clientSecret: 'reports-secret-0123456789abcdef-0123456789',
  scopes: ['reports:read'],
};

/** An SSF receiver: the transmitter's routes take its client-credentials token. */
const SSF_CLIENT = {
  clientId: 'receiver',
  clientSecret: 'receiver-secret-0123456789abcdef-0123456789',
  scopes: ['ssf.manage'],
};

// ajv-formats is CommonJS with `exports.default`: under NodeNext the default import is the module.
const addFormats = addFormatsModule.default;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A well-formed user id that names nobody. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

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
      case 'isObject':
        target.type = 'object';
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
      case 'matches':
        target.pattern = (a as RegExp).source;
        break;
      default:
        if (m.name !== undefined) {
          throw new Error(`no OpenAPI mapping for @${m.name} on ${dto.name}`);
        }
    }
  }
  return { expected, optional };
}

/** Body routes: method, OpenAPI path, request DTO (the `{id}` ones get a real user's id). */
const BODY_ROUTES = ROUTES.filter(
  ([method, , , dto]) => method !== 'get' && dto !== null,
);

describe.each(ADAPTERS_AND_STORES)(
  'OpenAPI document (%s, %s storage)',
  (adapter, storage) => {
    const inbox = useSmtpInbox();
    const f = useFixtureApp({
      adapter,
      storage,
      options: {
        appUrl: 'https://app.example.test',
        issuer: 'https://auth.example.test',
        clients: [SCOPED_CLIENT, SSF_CLIENT],
        // The SSF transmitter needs asymmetric keys (its routes are 404 with HS256).
        signing: { algorithm: 'ES256' },
        // Where the recorded passkey ceremonies (test/fixtures/webauthn/) came from.
        webauthn: { rpId: 'localhost', origins: [FIXTURE.origin] },
        // Read when the app starts, after the inbox has its port.
        mail: {
          get smtpUrl() {
            return inbox.url;
          },
          from: 'no-reply@example.test',
        },
      },
    });
    let document: OpenAPIObject;

    let ssfToken: string;
    /** A stream of SSF_CLIENT's: what `{stream_id}` in a path stands for. */
    let ssfStreamId: string;

    beforeAll(async () => {
      document = buildDocument(f);
      ssfToken = (
        await f.http
          .post('/auth/token')
          .auth(SSF_CLIENT.clientId, SSF_CLIENT.clientSecret)
          .type('form')
          .send({ grant_type: 'client_credentials' })
          .expect(200)
      ).body.access_token as string;
      ssfStreamId = (
        await f.http
          .post('/auth/ssf/streams')
          .set(...bearer(ssfToken))
          .send({})
          .expect(201)
      ).body.stream_id as string;
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

    it("names every tag of Tokenward's routes in the README's OpenAPI section", () => {
      const readme = readFileSync('README.md', 'utf8');
      const section = readme.slice(
        readme.indexOf('### OpenAPI'),
        readme.indexOf('\n### ', readme.indexOf('### OpenAPI') + 1),
      );
      const tags = new Set(
        Object.entries(document.paths)
          .filter(([path]) => path.startsWith('/auth/'))
          .flatMap(([, item]) => METHODS.flatMap((m) => item[m]?.tags ?? [])),
      );
      expect(tags.size).toBeGreaterThan(1);
      expect(
        [...tags].filter((tag) => !section.includes(`\`${tag}\``)),
      ).toEqual([]);
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
      const config = f.app.get(AuthConfig);
      // Rules the domain checks after the validators, at the fixture's (default) configuration.
      const newPassword = {
        minLength: config.passwordPolicy.minLength,
        maxLength: config.passwordPolicy.maxBytes,
      };
      const domainRules: Record<string, Record<string, Schema>> = {
        RegisterRequestDto: {
          password: {
            minLength: config.passwordPolicy.minLength,
            maxLength: config.passwordPolicy.maxBytes,
          },
        },
        LoginRequestDto: {
          password: { maxLength: config.passwordPolicy.maxBytes },
        },
        UpdateUserRequestDto: {
          roles: { items: { pattern: ROLE_PATTERN.source } },
        },
        ChangePasswordRequestDto: { new_password: newPassword },
        ResetPasswordRequestDto: { new_password: newPassword },
        CreateUserRequestDto: {
          password: newPassword,
          roles: { items: { pattern: ROLE_PATTERN.source } },
        },
        GlobalRotationRequestDto: {
          grace_period_seconds: { maximum: config.refreshTokenTtlSeconds },
        },
      };
      for (const [method, path, , dto] of ROUTES) {
        if (dto === null) continue;
        const operation = document.paths[path]![method as 'get']!;
        const { expected, optional } = validatorConstraints(dto);
        for (const [name, rule] of Object.entries(
          domainRules[dto.name] ?? {},
        )) {
          const { items, ...own } = rule;
          Object.assign(expected[name]!, own);
          if (items !== undefined) Object.assign(expected[name]!.items!, items);
        }
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
        if (OAUTH_PATHS.has(path)) continue;
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

    it('documents the OAuth routes as form-encoded, their errors in the RFC 6749 { error, error_description } format', () => {
      for (const path of OAUTH_PATHS) {
        const operation = document.paths[path]!.post!;
        expect(
          Object.keys(
            (operation.requestBody as { content: Record<string, unknown> })
              .content,
          ).sort(),
        ).toEqual(['application/json', 'application/x-www-form-urlencoded']);
        const errors = Object.entries(operation.responses).filter(
          ([status]) => Number(status) >= 400,
        );
        expect(errors.map(([status]) => status).sort()).toEqual([
          '400',
          '401',
          '413',
          '415',
          '429',
          '503',
        ]);
        for (const [status, response] of errors) {
          const schema = (
            response as { content: Record<string, { schema: Schema }> }
          ).content['application/json']!.schema;
          expect(
            properties(document, schema).required.sort(),
            `${path} ${status}`,
          ).toEqual(['error', 'error_description']);
        }
      }
    });

    it('documents the RFC 8414 metadata route, and its answer validates against the schema', async () => {
      const operation =
        document.paths['/.well-known/oauth-authorization-server']!.get!;
      expect(operation.security ?? []).toEqual([]);
      const schema = (
        operation.responses['200'] as {
          content: Record<string, { schema: Schema }>;
        }
      ).content['application/json']!.schema;
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile({
        ...schema,
        components: document.components,
      });
      const res = await f.http
        .get('/.well-known/oauth-authorization-server')
        .expect(200);
      expect(validate(res.body), ajv.errorsText(validate.errors)).toBe(true);
      expect(Object.keys(res.body).sort()).toEqual(
        Object.keys(properties(document, schema).props).sort(),
      );
      // The path-suffixed form exists only for issuers with a path: not a documented route.
      expect(
        Object.keys(document.paths).filter((p) =>
          p.startsWith('/.well-known/oauth-authorization-server/'),
        ),
      ).toEqual([]);
    });

    it('documents success bodies that match what the routes answer', async () => {
      const admin = await adminLogin(f);
      const user = await registerAndLogin(f);
      const successSchema = (method: string, path: string) => {
        const responses = document.paths[path]![method as 'get']!.responses;
        const [, response] = Object.entries(responses).find(
          ([status]) => Number(status) < 300,
        )!;
        const schema = (
          response as { content: Record<string, { schema: Schema }> }
        ).content['application/json']!.schema;
        return properties(document, schema);
      };
      // A `oneOf` answer (login: tokens, or `mfa_required`) must match one of its branches exactly.
      const branchOf = (
        method: string,
        path: string,
        body: Record<string, unknown>,
      ) => {
        const responses = document.paths[path]![method as 'get']!.responses;
        const [, response] = Object.entries(responses).find(
          ([status]) => Number(status) < 300,
        )!;
        const schema = resolve(
          document,
          (response as { content: Record<string, { schema: Schema }> }).content[
            'application/json'
          ]!.schema,
        );
        if (schema.oneOf === undefined) return successSchema(method, path);
        const keys = Object.keys(body).sort().join(',');
        const match = schema.oneOf
          .map((branch) => properties(document, branch))
          .filter(({ props }) => Object.keys(props).sort().join(',') === keys);
        expect(
          match,
          `${method} ${path} matches one oneOf branch`,
        ).toHaveLength(1);
        return match[0]!;
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
          '/auth/admin/users/{id}/mfa/reset',
          (
            await f.http
              .post(`/auth/admin/users/${user.userId}/mfa/reset`)
              .set(...bearer(admin.accessToken))
              .send({ reason: 'lost phone' })
              .expect(200)
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
        const { props, required } = branchOf(method, path, body);
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

    /** A request to a documented route, `{id}` filled in, with the credentials its scheme needs. */
    const call = (
      method: string,
      path: string,
      credentials: { bearer?: string; id?: string } = {},
    ) => {
      const url = path
        .replace('{id}', credentials.id ?? UNKNOWN_ID)
        .replace('{stream_id}', ssfStreamId);
      const req = f.http[method as 'post'](url);
      const route = ROUTES.find(([m, p]) => m === method && p === path);
      if (route?.[2] === 'basic') {
        req.auth(
          INTROSPECTION_CLIENT.clientId,
          INTROSPECTION_CLIENT.clientSecret,
        );
      } else if (path.startsWith('/auth/ssf/')) {
        // The SSF routes take a receiver's client-credentials token, not a user's.
        req.set(...bearer(ssfToken));
      } else if (route?.[2] === 'bearer' && credentials.bearer !== undefined) {
        req.set(...bearer(credentials.bearer));
      }
      return req;
    };

    /** The JSON request-body schema of a route, resolved. */
    const bodySchema = (method: string, path: string): Schema => {
      const body = document.paths[path]![method as 'post']!.requestBody as {
        content: Record<string, { schema: Schema }>;
      };
      return resolve(document, body.content['application/json']!.schema);
    };

    /** A body of the right shape for each body route (semantics aside). */
    const shapedBody = (path: string): Record<string, unknown> =>
      ({
        '/auth/register': newUser('shape'),
        '/auth/login': { username: 'someone', password: 'some password' },
        '/auth/refresh': { refresh_token: 'not-a-token' },
        '/auth/introspect': { token: 'not-a-token' },
        '/auth/token': { grant_type: 'refresh_token' },
        '/auth/revoke': { token: 'not-a-token' },
        '/auth/admin/users/{id}': { is_active: true },
        '/auth/ssf/streams': { stream_id: 'shape' },
        '/auth/ssf/status': { stream_id: 'shape', status: 'enabled' },
        '/auth/ssf/verify': { stream_id: 'shape' },
        '/auth/mfa/totp/confirm': { code: '123456' },
        '/auth/mfa/totp': { code: '123456' },
        '/auth/mfa/recovery-codes': { code: '123456' },
        '/auth/mfa/verify': { mfa_token: 'not-a-token', code: '123456' },
      })[path] ?? {};

    it('types every property of every schema (a nullable date is a string, not an object)', () => {
      for (const [name, raw] of Object.entries(document.components!.schemas!)) {
        for (const [prop, value] of Object.entries(
          (raw as Schema).properties ?? {},
        )) {
          const schema = value as Schema;
          if (schema.$ref ?? schema.allOf ?? schema.anyOf ?? schema.oneOf) {
            continue;
          }
          expect(schema.type, `${name}.${prop}`).toBeDefined();
          if (schema.type === 'object') {
            expect(
              schema.properties ?? schema.additionalProperties,
              `${name}.${prop}: an object of what`,
            ).toBeDefined();
          }
        }
      }
      const keys = resolve(document, {
        $ref: '#/components/schemas/SigningKeyResponseDto',
      }).properties!;
      for (const date of ['retired_at', 'revoked_at', 'verifies_until']) {
        expect(keys[date], date).toMatchObject({
          type: 'string',
          format: 'date-time',
          nullable: true,
        });
      }
    });

    it('documents every request body as closed, and the server refuses an unknown property', async () => {
      const admin = await adminLogin(f);
      const user = await registerAndLogin(f);
      for (const [method, path, , dto] of BODY_ROUTES) {
        expect(
          bodySchema(method, path).additionalProperties,
          `${dto!.name} additionalProperties`,
        ).toBe(false);
        const res = await call(method, path, {
          bearer: admin.accessToken,
          id: user.userId,
        }).send({ ...shapedBody(path), unexpected: 1 });
        expectRouteError(path, res, 400, 'validation_failed');
      }
    });

    it('marks a body required exactly where the server refuses none', async () => {
      const admin = await adminLogin(f);
      const user = await registerAndLogin(f);
      for (const [method, path] of BODY_ROUTES) {
        const schema = bodySchema(method, path);
        const needed =
          (schema.required ?? []).length > 0 ||
          schema.anyOf !== undefined ||
          schema.oneOf !== undefined;
        const documented = (
          document.paths[path]![method as 'post']!.requestBody as {
            required?: boolean;
          }
        ).required;
        expect(documented ?? false, `${method} ${path} required`).toBe(needed);
        const res = await call(method, path, {
          bearer: admin.accessToken,
          id: user.userId,
        });
        // The refresh token may come from the cookie (`refreshTokenCookie`), so the body is
        // optional; without the option (or the cookie) a refresh without one is a 400.
        // Likewise without an `mfa_token` only with `webauthn.passwordless`.
        if (
          needed ||
          path === '/auth/refresh' ||
          path === '/auth/mfa/webauthn/authenticate/options'
        )
          expectRouteError(path, res, 400, 'validation_failed');
        else
          expect(res.status, `${method} ${path} without a body`).toBeLessThan(
            300,
          );
      }
    });

    it('refuses a body that is no JSON object (null, an array, a number) on every body route', async () => {
      const admin = await adminLogin(f);
      const user = await registerAndLogin(f);
      for (const [method, path] of BODY_ROUTES) {
        for (const raw of ['null', '[]', '[{}]', '7', '"text"']) {
          const res = await call(method, path, {
            bearer: admin.accessToken,
            id: user.userId,
          })
            .set('Content-Type', 'application/json')
            .send(raw);
          expect(res.status, `${method} ${path} ${raw}`).toBe(400);
        }
      }
    });

    it('documents 400, 413 and 415 on every body route, and answers them', async () => {
      const { maxBodyBytes } = f.app.get(AuthConfig);
      const admin = await adminLogin(f);
      const user = await registerAndLogin(f);
      for (const [method, path] of BODY_ROUTES) {
        const responses = document.paths[path]![method as 'post']!.responses;
        expect(Object.keys(responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(['400', '413', '415']),
        );
        const credentials = { bearer: admin.accessToken, id: user.userId };
        const tooLarge = await call(method, path, credentials).send({
          ...shapedBody(path),
          padding: 'x'.repeat(maxBodyBytes),
        });
        expectRouteError(path, tooLarge, 413, 'payload_too_large');
        const wrongType = await call(method, path, credentials)
          .set('Content-Type', 'text/plain')
          .send('token=x');
        expect(wrongType.status, `${method} ${path} text/plain`).toBe(415);
      }
    });

    it("states the server's own rules: password policy, username characters, role names, grace bound, integer paging", async () => {
      const config = f.app.get(AuthConfig);
      const register = bodySchema('post', '/auth/register').properties!;
      expect(register.password).toMatchObject({
        minLength: config.passwordPolicy.minLength,
        maxLength: config.passwordPolicy.maxBytes,
      });
      expect(register.username!.pattern).toBe(TYPED_USERNAME_PATTERN.source);
      const roles = bodySchema('patch', '/auth/admin/users/{id}').properties!
        .roles!;
      expect(roles.items!.pattern).toBe(ROLE_PATTERN.source);

      // On the wire: each bound is where the document puts it.
      const registerWith = (fields: Record<string, string>) =>
        f.http.post('/auth/register').send({ ...newUser('rule'), ...fields });
      const { minLength, maxBytes } = config.passwordPolicy;
      expectError(
        await registerWith({ password: 'p'.repeat(minLength - 1) }),
        400,
        'validation_failed',
      );
      expect(
        (await registerWith({ password: 'p'.repeat(minLength) })).status,
      ).toBe(201);
      expect(
        (await registerWith({ password: 'p'.repeat(maxBytes) })).status,
      ).toBe(201);
      expectError(
        await registerWith({ password: 'p'.repeat(maxBytes + 1) }),
        400,
        'validation_failed',
      );
      for (const username of ['ŀa-user', 'ﬁsh-user', 'x½y-user']) {
        expectError(await registerWith({ username }), 400, 'validation_failed');
      }
      const unicode = `łódź${Math.floor(Math.random() * 1e6)}`;
      expect((await registerWith({ username: unicode })).status).toBe(201);

      const admin = await adminLogin(f);
      const user = await registerAndLogin(f);
      const patch = (roleNames: string[]) =>
        f.http
          .patch(`/auth/admin/users/${user.userId}`)
          .set(...bearer(admin.accessToken))
          .send({ roles: roleNames });
      expectError(await patch(['Admin']), 400, 'validation_failed');
      expect((await patch(['billing:read', 'user'])).status).toBe(200);

      const grace = bodySchema('post', '/auth/admin/rotations/global')
        .properties!.grace_period_seconds!;
      expect(grace.maximum).toBe(config.refreshTokenTtlSeconds);
      expectError(
        await f.http
          .post('/auth/admin/rotations/global')
          .set(...bearer(admin.accessToken))
          .send({ grace_period_seconds: grace.maximum! + 1 }),
        400,
        'validation_failed',
      );

      // Beyond the documented maximum a number no longer holds the integer exactly.
      for (const query of [
        'skip=',
        'skip=1e1',
        'limit=%207',
        'limit=0x10',
        `skip=${Number.MAX_SAFE_INTEGER + 1}`,
      ]) {
        expectError(
          await f.http
            .get(`/auth/admin/users?${query}`)
            .set(...bearer(admin.accessToken)),
          400,
          'validation_failed',
        );
      }
      expect(
        (
          await f.http
            .get(`/auth/admin/users?skip=${Number.MAX_SAFE_INTEGER}&limit=5`)
            .set(...bearer(admin.accessToken))
        ).body,
      ).toMatchObject({ skip: Number.MAX_SAFE_INTEGER, limit: 5, items: [] });
    });

    it('every answer of every route validates against the schema documented for its status', async () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addFormat('password', true);
      const checked = new Set<string>();
      const conforms = (
        method: string,
        path: string,
        res: { status: number; body: unknown; text?: string },
      ) => {
        const responses = document.paths[path]![method as 'get']!.responses;
        const response = responses[String(res.status)] as
          { content?: Record<string, { schema: Schema }> } | undefined;
        expect(
          response,
          `${method} ${path}: ${res.status} is documented`,
        ).toBeDefined();
        if (res.status === 204) {
          // No content documented, none sent.
          expect(response!.content, `${method} ${path} 204`).toBeUndefined();
          expect(res.body ?? {}, `${method} ${path} 204 body`).toEqual({});
          checked.add(`${method} ${path} ${res.status}`);
          return;
        }
        // Documented without a body (RFC 7009's 200): none is sent.
        if (response!.content === undefined) {
          expect(res.text ?? '', `${method} ${path} ${res.status}`).toBe('');
          checked.add(`${method} ${path} ${res.status}`);
          return;
        }
        const schema = response!.content!['application/json']!.schema;
        const validate = ajv.compile({
          ...schema,
          components: document.components,
        });
        expect(
          validate(res.body),
          `${method} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`,
        ).toBe(true);
        checked.add(`${method} ${path} ${res.status}`);
      };

      const admin = await adminLogin(f);
      const user = await registerAndLogin(f);
      const asAdmin = { bearer: admin.accessToken, id: user.userId };
      const credentials = newUser('conform');
      conforms(
        'post',
        '/auth/register',
        await f.http.post('/auth/register').send(credentials),
      );
      conforms(
        'post',
        '/auth/register',
        await f.http.post('/auth/register').send(credentials),
      );
      conforms(
        'post',
        '/auth/register',
        await f.http.post('/auth/register').send({}),
      );
      const login = await f.http.post('/auth/login').send({
        username: credentials.username,
        password: credentials.password,
      });
      conforms('post', '/auth/login', login);
      conforms(
        'post',
        '/auth/login',
        await f.http
          .post('/auth/login')
          .send({ username: 'nobody', password: 'wrong password' }),
      );
      const refreshed = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: login.body.refresh_token });
      conforms('post', '/auth/refresh', refreshed);
      conforms(
        'post',
        '/auth/refresh',
        await f.http
          .post('/auth/refresh')
          .send({ refresh_token: login.body.refresh_token }),
      );
      conforms(
        'get',
        '/auth/me',
        await f.http
          .get('/auth/me')
          .set(...bearer(refreshed.body.access_token)),
      );
      conforms('get', '/auth/me', await f.http.get('/auth/me'));
      conforms(
        'post',
        '/auth/introspect',
        await call('post', '/auth/introspect').send({
          token: user.accessToken,
        }),
      );
      conforms(
        'post',
        '/auth/introspect',
        await call('post', '/auth/introspect').send({ token: 'not-a-token' }),
      );
      conforms(
        'post',
        '/auth/introspect',
        await f.http.post('/auth/introspect').send({ token: 'x' }),
      );
      conforms(
        'get',
        '/auth/.well-known/jwks.json',
        await f.http.get('/auth/.well-known/jwks.json'),
      );
      for (const [method, path] of [
        ['get', '/auth/admin/rotations/global'],
        ['get', '/auth/admin/rotations/keys'],
        ['get', '/auth/admin/users'],
        ['get', '/auth/admin/audit'],
      ] as const) {
        conforms(method, path, await call(method, path, asAdmin));
        conforms(
          method,
          path,
          await call(method, path, { bearer: user.accessToken }),
        );
        conforms(method, path, await call(method, path));
      }
      conforms(
        'post',
        '/auth/admin/users/{id}/rotations',
        await call('post', '/auth/admin/users/{id}/rotations', asAdmin).send({
          reason: 'drill',
        }),
      );
      conforms(
        'post',
        '/auth/admin/users/{id}/rotations',
        await call('post', '/auth/admin/users/{id}/rotations', {
          bearer: admin.accessToken,
        }).send({}),
      );
      conforms(
        'patch',
        '/auth/admin/users/{id}',
        await call('patch', '/auth/admin/users/{id}', asAdmin).send({
          roles: ['user', 'staff'],
        }),
      );
      conforms(
        'patch',
        '/auth/admin/users/{id}',
        await call('patch', '/auth/admin/users/{id}', asAdmin).send({
          reason: 'nothing',
        }),
      );
      // Key rotations leave retired and revoked keys, so the list has every kind of date and null.
      conforms(
        'post',
        '/auth/admin/rotations/keys',
        await call('post', '/auth/admin/rotations/keys', asAdmin).send({
          reason: 'drill',
        }),
      );
      const revoking = await call(
        'post',
        '/auth/admin/rotations/keys',
        asAdmin,
      ).send({
        revoke_previous_keys: true,
      });
      conforms('post', '/auth/admin/rotations/keys', revoking);
      expect(revoking.body.previous_key_verifies_until).toBeNull();
      const again = await adminLogin(f);
      await call('post', '/auth/admin/rotations/keys', {
        bearer: again.accessToken,
      }).send({});
      const keys = await call('get', '/auth/admin/rotations/keys', {
        bearer: again.accessToken,
      });
      conforms('get', '/auth/admin/rotations/keys', keys);
      const statuses = (keys.body.keys as Array<{ status: string }>).map(
        (k) => k.status,
      );
      expect(statuses).toEqual(
        expect.arrayContaining(['active', 'retired', 'revoked']),
      );
      conforms(
        'post',
        '/auth/admin/rotations/global',
        await call('post', '/auth/admin/rotations/global', {
          bearer: again.accessToken,
        }).send({
          grace_period_seconds: 60,
        }),
      );
      const last = await adminLogin(f);
      conforms(
        'get',
        '/auth/admin/rotations/global',
        await call('get', '/auth/admin/rotations/global', {
          bearer: last.accessToken,
        }),
      );
      conforms(
        'post',
        '/auth/logout-all',
        await call('post', '/auth/logout-all', { bearer: last.accessToken }),
      );
      // The user's own tokens died with the per-user rotation above: a fresh session to end.
      const leaving = await registerAndLogin(f);
      for (let n = 0; n < 2; n += 1) {
        conforms(
          'post',
          '/auth/logout',
          await call('post', '/auth/logout', { bearer: leaving.accessToken }),
        );
      }
      // The account flows, their tokens taken from the mails as a user would.
      const account = newUser('conform-acct');
      const created = await f.http.post('/auth/register').send(account);
      const verification = linkOf(await inbox.waitFor(account.email)).token;
      for (const token of [verification, verification]) {
        conforms(
          'post',
          '/auth/email/verify',
          await call('post', '/auth/email/verify').send({ token }),
        );
      }
      const accountLogin = await f.http
        .post('/auth/login')
        .send({ username: account.username, password: account.password });
      const asAccount = { bearer: accountLogin.body.access_token as string };
      conforms(
        'post',
        '/auth/email/verify/resend',
        await call('post', '/auth/email/verify/resend', asAccount),
      );
      conforms(
        'post',
        '/auth/email/verify/resend',
        await call('post', '/auth/email/verify/resend'),
      );
      conforms(
        'post',
        '/auth/email/change',
        await call('post', '/auth/email/change', asAccount).send({
          new_email: `moved-${created.body.id as string}@example.test`,
          password: account.password,
        }),
      );
      conforms(
        'post',
        '/auth/password/change',
        await call('post', '/auth/password/change', asAccount).send({
          current_password: 'not the password',
          new_password: 'another good password',
        }),
      );
      const changed = await call(
        'post',
        '/auth/password/change',
        asAccount,
      ).send({
        current_password: account.password,
        new_password: 'another good password',
      });
      conforms('post', '/auth/password/change', changed);
      // A user of its own: its mails are the verification link, then the reset link.
      const resetter = newUser('conform-reset');
      await f.http.post('/auth/register').send(resetter);
      await inbox.waitFor(resetter.email);
      conforms(
        'post',
        '/auth/password/forgot',
        await call('post', '/auth/password/forgot').send({
          email: resetter.email,
        }),
      );
      const reset = linkOf(await inbox.waitFor(resetter.email, 2)).token;
      for (const token of [reset, reset]) {
        conforms(
          'post',
          '/auth/password/reset',
          await call('post', '/auth/password/reset').send({
            token,
            new_password: 'a third good password',
          }),
        );
      }
      const managed = newUser('conform-admin-made');
      for (let n = 0; n < 2; n += 1) {
        conforms(
          'post',
          '/auth/admin/users',
          await call('post', '/auth/admin/users', {
            bearer: again.accessToken,
          }).send({ username: managed.username, email: managed.email }),
        );
      }
      for (const id of [created.body.id as string, UNKNOWN_ID]) {
        conforms(
          'post',
          '/auth/admin/users/{id}/password-reset',
          await call('post', '/auth/admin/users/{id}/password-reset', {
            bearer: again.accessToken,
            id,
          }),
        );
        conforms(
          'post',
          '/auth/admin/users/{id}/mfa/reset',
          await call('post', '/auth/admin/users/{id}/mfa/reset', {
            bearer: again.accessToken,
            id,
          }),
        );
      }

      // Sessions: the caller's list, ending one (and 404 for an unknown one), the admin's view.
      const sessionOwner = newUser('conform-sessions');
      await f.http.post('/auth/register').send(sessionOwner).expect(201);
      const signIn = () =>
        f.http
          .post('/auth/login')
          .send({
            username: sessionOwner.username,
            password: sessionOwner.password,
            device_name: 'conformance',
          })
          .expect(200);
      const first = await signIn();
      const second = await signIn();
      const owner = {
        bearer: first.body.access_token as string,
        id: jwtPayload(second.body.access_token).sid as string,
      };
      conforms(
        'get',
        '/auth/sessions',
        await call('get', '/auth/sessions', owner),
      );
      conforms('get', '/auth/sessions', await call('get', '/auth/sessions'));
      for (let n = 0; n < 2; n += 1) {
        conforms(
          'delete',
          '/auth/sessions/{id}',
          await call('delete', '/auth/sessions/{id}', owner),
        );
      }
      conforms(
        'post',
        '/auth/sessions/revoke-others',
        await call('post', '/auth/sessions/revoke-others', owner),
      );
      const ownerId = (
        await f.http.get('/auth/me').set(...bearer(owner.bearer))
      ).body.id as string;
      for (const id of [ownerId, UNKNOWN_ID]) {
        conforms(
          'get',
          '/auth/admin/users/{id}/sessions',
          await call('get', '/auth/admin/users/{id}/sessions', {
            bearer: again.accessToken,
            id,
          }),
        );
      }
      const third = await signIn();
      const thirdSid = jwtPayload(third.body.access_token).sid as string;
      for (let n = 0; n < 2; n += 1) {
        conforms(
          'delete',
          '/auth/admin/users/{id}/sessions/{sid}',
          await f.http
            .delete(`/auth/admin/users/${ownerId}/sessions/${thirdSid}`)
            .set(...bearer(again.accessToken)),
        );
      }
      // The OAuth routes: successes and their RFC 6749 errors.
      const session = await registerAndLogin(f, 'oauth');
      const form = (path: string) => f.http.post(path).type('form');
      conforms(
        'post',
        '/auth/token',
        await form('/auth/token').send({
          grant_type: 'refresh_token',
          refresh_token: session.refreshToken,
          client_id: 'tokenward',
        }),
      );
      conforms(
        'post',
        '/auth/token',
        await form('/auth/token')
          .auth(SCOPED_CLIENT.clientId, SCOPED_CLIENT.clientSecret)
          .send({ grant_type: 'client_credentials' }),
      );
      for (const body of [
        {
          grant_type: 'refresh_token',
          refresh_token: 'spent',
          client_id: 'tokenward',
        },
        { grant_type: 'password', client_id: 'tokenward' },
        { grant_type: 'refresh_token', client_id: 'nobody' },
        {
          grant_type: 'client_credentials',
          client_id: 'reports',
          client_secret: 'wrong',
        },
      ]) {
        conforms('post', '/auth/token', await form('/auth/token').send(body));
      }
      conforms(
        'post',
        '/auth/revoke',
        await form('/auth/revoke').send({
          token: session.accessToken,
          client_id: 'tokenward',
        }),
      );
      conforms(
        'post',
        '/auth/revoke',
        await form('/auth/revoke')
          .auth(SCOPED_CLIENT.clientId, SCOPED_CLIENT.clientSecret)
          .send({ token: user.refreshToken }),
      );
      conforms(
        'post',
        '/auth/revoke',
        await form('/auth/revoke').send({ token: 'x' }),
      );

      // The SSF transmitter, as a receiver drives it (its client-credentials token).
      const ssf = (method: string, path: string) =>
        (f.http[method as 'post'](path) as ReturnType<typeof f.http.post>).set(
          ...bearer(ssfToken),
        );
      // A fresh token: earlier tests moved the fixture's clock past the first one's expiry.
      ssfToken = (
        await f.http
          .post('/auth/token')
          .auth(SSF_CLIENT.clientId, SSF_CLIENT.clientSecret)
          .type('form')
          .send({ grant_type: 'client_credentials' })
          .expect(200)
      ).body.access_token as string;
      // Earlier tests created streams; a receiver may have 10, so start from none.
      const existing = await ssf('get', '/auth/ssf/streams').expect(200);
      for (const { stream_id } of existing.body as Array<{
        stream_id: string;
      }>) {
        await ssf('delete', `/auth/ssf/streams?stream_id=${stream_id}`).expect(
          204,
        );
      }
      const ssfCreated = await ssf('post', '/auth/ssf/streams').send({
        events_requested: [
          'https://schemas.openid.net/secevent/caep/event-type/session-revoked',
        ],
        description: 'conformance',
      });
      conforms('post', '/auth/ssf/streams', ssfCreated);
      const streamId = ssfCreated.body.stream_id as string;
      conforms(
        'post',
        '/auth/ssf/streams',
        await ssf('post', '/auth/ssf/streams').send({
          delivery: { method: 'urn:ietf:rfc:8935' },
        }),
      );
      conforms(
        'get',
        '/auth/ssf/streams',
        await ssf('get', `/auth/ssf/streams?stream_id=${streamId}`),
      );
      conforms(
        'get',
        '/auth/ssf/streams',
        await ssf('get', '/auth/ssf/streams'),
      );
      conforms(
        'get',
        '/auth/ssf/streams',
        await ssf('get', '/auth/ssf/streams?stream_id=unknown'),
      );
      conforms(
        'patch',
        '/auth/ssf/streams',
        await ssf('patch', '/auth/ssf/streams').send({
          stream_id: streamId,
          description: 'patched',
        }),
      );
      conforms(
        'put',
        '/auth/ssf/streams',
        await ssf('put', '/auth/ssf/streams').send({
          stream_id: streamId,
          events_requested: [],
        }),
      );
      conforms(
        'get',
        '/auth/ssf/status',
        await ssf('get', `/auth/ssf/status?stream_id=${streamId}`),
      );
      conforms(
        'post',
        '/auth/ssf/status',
        await ssf('post', '/auth/ssf/status').send({
          stream_id: streamId,
          status: 'enabled',
          reason: 'conformance',
        }),
      );
      conforms(
        'post',
        '/auth/ssf/verify',
        await ssf('post', '/auth/ssf/verify').send({
          stream_id: streamId,
          state: 's',
        }),
      );
      conforms(
        'post',
        '/auth/ssf/poll/{stream_id}',
        await ssf('post', `/auth/ssf/poll/${streamId}`).send({
          returnImmediately: true,
        }),
      );
      conforms(
        'post',
        '/auth/ssf/poll/{stream_id}',
        await f.http.post(`/auth/ssf/poll/${streamId}`).send({}),
      );
      conforms(
        'delete',
        '/auth/ssf/streams',
        await ssf('delete', `/auth/ssf/streams?stream_id=${streamId}`),
      );
      conforms(
        'delete',
        '/auth/ssf/streams',
        await ssf('delete', `/auth/ssf/streams?stream_id=${streamId}`),
      );
      // TOTP: enrol (and again once confirmed: 409), confirm, verify with a code and a recovery
      // code (and a wrong one), new recovery codes, removal (and again: 404).
      const mfaUser = await registerAndLogin(f, 'conform-mfa');
      const mfa = { bearer: mfaUser.accessToken };
      const enrol = await call('post', '/auth/mfa/totp/enroll', mfa);
      conforms('post', '/auth/mfa/totp/enroll', enrol);
      const secret = enrol.body.secret as string;
      const nextCode = () => {
        f.clock.advanceSeconds(30);
        return totpCode(secret, f.clock.now());
      };
      const confirmed = await call('post', '/auth/mfa/totp/confirm', mfa).send({
        code: nextCode(),
      });
      conforms('post', '/auth/mfa/totp/confirm', confirmed);
      conforms(
        'post',
        '/auth/mfa/totp/enroll',
        await call('post', '/auth/mfa/totp/enroll', mfa),
      );
      const mfaToken = async () =>
        (
          await f.http.post('/auth/login').send({
            username: mfaUser.credentials.username,
            password: mfaUser.credentials.password,
          })
        ).body.mfa_token as string;
      for (const proof of [
        { code: nextCode() },
        { recovery_code: confirmed.body.recovery_codes[0] as string },
        { recovery_code: 'AAAA-BBBB-CCCC-DDDD' },
      ]) {
        conforms(
          'post',
          '/auth/mfa/verify',
          await call('post', '/auth/mfa/verify').send({
            mfa_token: await mfaToken(),
            ...proof,
          }),
        );
      }
      conforms(
        'post',
        '/auth/mfa/recovery-codes',
        await call('post', '/auth/mfa/recovery-codes', mfa).send({
          code: nextCode(),
        }),
      );
      for (let n = 0; n < 2; n += 1) {
        conforms(
          'delete',
          '/auth/mfa/totp',
          await call('delete', '/auth/mfa/totp', mfa).send({
            code: nextCode(),
          }),
        );
      }

      // Passkeys, with the recorded Chromium ceremonies (their challenges stored as issued).
      const seed = (
        name: keyof typeof FIXTURE.challenges,
        ceremony: 'registration' | 'authentication',
        userId: string,
      ) =>
        seedRecordedChallenge(
          f.app.get(WebAuthnChallengeRepository),
          f.clock.now(),
          name,
          ceremony,
          userId,
        );
      const holder = await registerAndLogin(f, 'passkey');
      const asHolder = { bearer: holder.accessToken };
      for (const who of [asHolder, {}]) {
        conforms(
          'post',
          '/auth/mfa/webauthn/register/options',
          await call('post', '/auth/mfa/webauthn/register/options', who),
        );
      }
      await seed('registration', 'registration', holder.userId);
      for (let n = 0; n < 2; n += 1) {
        conforms(
          'post',
          '/auth/mfa/webauthn/register',
          await call('post', '/auth/mfa/webauthn/register', asHolder).send({
            credential: FIXTURE.registration,
          }),
        );
      }
      const pending = await f.http.post('/auth/login').send({
        username: holder.credentials.username,
        password: holder.credentials.password,
      });
      conforms('post', '/auth/login', pending);
      for (const body of [
        { mfa_token: pending.body.mfa_token },
        {},
        { mfa_token: 'not-a-token' },
      ]) {
        conforms(
          'post',
          '/auth/mfa/webauthn/authenticate/options',
          await f.http
            .post('/auth/mfa/webauthn/authenticate/options')
            .send(body),
        );
      }
      await seed('first', 'authentication', holder.userId);
      for (let n = 0; n < 2; n += 1) {
        conforms(
          'post',
          '/auth/mfa/webauthn/authenticate',
          await f.http.post('/auth/mfa/webauthn/authenticate').send({
            mfa_token: pending.body.mfa_token,
            credential: FIXTURE.assertions.first,
          }),
        );
      }
      for (const who of [asHolder, {}]) {
        conforms(
          'get',
          '/auth/mfa/webauthn/credentials',
          await call('get', '/auth/mfa/webauthn/credentials', who),
        );
      }
      for (let n = 0; n < 2; n += 1) {
        conforms(
          'delete',
          '/auth/mfa/webauthn/credentials/{id}',
          await call('delete', '/auth/mfa/webauthn/credentials/{id}', {
            ...asHolder,
            id: FIXTURE.registration.id,
          }),
        );
      }

      // Every route answered at least once with a success.
      for (const [method, path] of ROUTES) {
        expect(
          [...checked].some((c) => c.startsWith(`${method} ${path} 2`)),
          `${method} ${path}: a 2xx was checked`,
        ).toBe(true);
      }
    });
  },
);
