// Issue 6: the example app reads its configuration through @nestjs/config
// (`ConfigModule.forRoot({ isGlobal, validate })`) and builds Tokenward and MongoDB with
// `forRootAsync` from `ConfigService`. Booted here on a plain env map, as `npm start` boots it on
// process.env.
import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import mongoose, { type Connection } from 'mongoose';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import request from 'supertest';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  AppModule,
  EXAMPLE_MONGODB_OPTIONS,
  type ExampleModuleOptions,
} from '../../example/app.module.js';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import {
  startApplication,
  TEST_SECRET,
  type AdapterName,
} from '../support/fixture-app.js';
import { linkOf, useSmtpInbox } from '../support/smtp-inbox.js';

const ADMIN = {
  TOKENWARD_ADMIN_USERNAME: 'root',
  TOKENWARD_ADMIN_EMAIL: 'root@example.test',
  TOKENWARD_ADMIN_PASSWORD: 'root password 123',
};

let app: INestApplication | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function startExample(
  options: ExampleModuleOptions,
  adapter: AdapterName = 'express',
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(options)],
  }).compile();
  app = await startApplication(moduleRef, adapter);
  return app;
}

/** Every rendering of the start-up error a host could end up logging. */
async function startFailure(env: Record<string, string>): Promise<string> {
  try {
    await startExample({ env });
  } catch (error) {
    return [
      String(error),
      (error as Error).stack,
      inspect(error, { depth: 5 }),
    ].join('\n');
  }
  throw new Error('the example started');
}

function claims(accessToken: string): Record<string, unknown> {
  const payload = accessToken.split('.')[1] as string;
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

describe.each(['express', 'fastify'] as const)(
  'the example app configured through ConfigModule (%s)',
  (adapter) => {
    const inbox = useSmtpInbox();

    it('mails through TOKENWARD_SMTP_URL from TOKENWARD_MAIL_FROM, links to TOKENWARD_APP_URL, and TOKENWARD_REQUIRE_VERIFIED_EMAIL holds logins back', async () => {
      await startExample(
        {
          env: {
            JWT_SECRET: TEST_SECRET,
            TOKENWARD_SMTP_URL: inbox.url,
            TOKENWARD_MAIL_FROM: 'Example <accounts@example.test>',
            TOKENWARD_APP_URL: 'https://front.example.test/app',
            TOKENWARD_REQUIRE_VERIFIED_EMAIL: 'true',
          },
        },
        adapter,
      );
      const http = request((app as INestApplication).getHttpServer());
      const user = {
        username: `mailed${adapter}`,
        email: `mailed-${adapter}@example.test`,
        password: 'correct horse battery',
      };
      await http.post('/auth/register').send(user).expect(202);
      const mail = await inbox.waitFor(user.email);
      expect(mail.from).toContain('accounts@example.test');
      const { url, token } = linkOf(mail);
      expect(
        url.href.startsWith('https://front.example.test/app/verify-email?'),
      ).toBe(true);
      const early = await http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(403);
      expect(early.body.code).toBe('email_not_verified');
      await http.post('/auth/email/verify').send({ token }).expect(200);
      await http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
    });

    it('refuses NODE_ENV=production without TOKENWARD_SMTP_URL and TOKENWARD_APP_URL, naming them', async () => {
      const text = await startFailure({
        NODE_ENV: 'production',
        JWT_SECRET: TEST_SECRET,
      });
      expect(text).toContain(
        'TOKENWARD_SMTP_URL is required when NODE_ENV=production',
      );
      expect(text).toContain(
        'TOKENWARD_APP_URL is required when NODE_ENV=production',
      );
    });

    it('issuer, audience and access-token TTL from the environment reach issued tokens; the admin from the environment is created', async () => {
      const processEnvBefore = { ...process.env };
      await startExample(
        {
          env: {
            NODE_ENV: 'production',
            JWT_SECRET: TEST_SECRET,
            // Production needs a mail transport and the app's URL (nothing is sent here).
            TOKENWARD_SMTP_URL: 'smtp://127.0.0.1:2525',
            TOKENWARD_APP_URL: 'https://app.example.test',
            TOKENWARD_ISSUER: 'https://issuer.example.test',
            TOKENWARD_AUDIENCE: 'example-api',
            TOKENWARD_ACCESS_TTL_SECONDS: '120',
            ...ADMIN,
          },
        },
        adapter,
      );
      const http = request((app as INestApplication).getHttpServer());

      const login = await http
        .post('/auth/login')
        .send({
          username: ADMIN.TOKENWARD_ADMIN_USERNAME,
          password: ADMIN.TOKENWARD_ADMIN_PASSWORD,
        })
        .expect(200);

      expect(login.body.expires_in).toBe(120);
      const token = claims(login.body.access_token);
      expect(token).toMatchObject({
        iss: 'https://issuer.example.test',
        aud: 'example-api',
      });
      expect((token.exp as number) - (token.iat as number)).toBe(120);
      await http
        .get('/admin/overview')
        .set('authorization', `Bearer ${login.body.access_token}`)
        .expect(200, { message: 'Welcome to the admin area, root.' });
      // The env map was read instead of process.env, and nothing was copied into it.
      expect(process.env).toEqual(processEnvBefore);
    });

    it('with no variables at all it starts on the defaults (in memory, random secret kept out of process.env)', async () => {
      await startExample({ env: {} }, adapter);
      const http = request((app as INestApplication).getHttpServer());

      await http.get('/hello').expect(401);
      await http.get('/health').expect(200);
      expect(process.env.JWT_SECRET).toBeUndefined();
    });
  },
);

describe('the example app refuses an invalid environment at start-up', () => {
  it('lists every problem by variable name, without any value', async () => {
    const secret = 'short-SeCrEt-xyz';

    const text = await startFailure({
      JWT_SECRET: secret,
      TOKENWARD_ACCESS_TTL_SECONDS: 'soon',
      TOKENWARD_ADAPTER: 'koa',
      TOKENWARD_ADMIN_USERNAME: 'root',
    });

    expect(text).toContain('Invalid environment');
    expect(text).toContain('JWT_SECRET must be at least 32 bytes');
    expect(text).toContain('TOKENWARD_ACCESS_TTL_SECONDS must be an integer');
    expect(text).toContain('TOKENWARD_ADAPTER must be "express" or "fastify"');
    expect(text).toContain('TOKENWARD_ADMIN_EMAIL');
    expect(text).not.toContain(secret);
  });

  it('is a rejection of the start-up, never an unhandled rejection that would crash the process with a stack trace', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', record);
    try {
      const module = AppModule.register({ env: { JWT_SECRET: 'short' } });
      // NestFactory.create does I/O before it awaits the imports; one turn of the event loop is
      // when Node reports a rejection nobody has handled yet.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);

      await expect(
        Test.createTestingModule({ imports: [module] }).compile(),
      ).rejects.toThrow('JWT_SECRET must be at least 32 bytes');
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it("what only Tokenward checks (an introspection client's secret) fails through the forRootAsync factory, without the secret", async () => {
    const text = await startFailure({
      JWT_SECRET: TEST_SECRET,
      TOKENWARD_INTROSPECTION_CLIENTS: 'svc:tiny-SECRET',
    });

    expect(text).toContain('introspection client "svc"');
    expect(text).not.toContain('tiny-SECRET');
    expect(text).not.toContain(TEST_SECRET);
  });
});

describe.each(['express', 'fastify'] as const)(
  'the example app under a load test: TOKENWARD_RATE_LIMITS=off, TOKENWARD_LOGIN_LOCKOUT=off (%s)',
  (adapter) => {
    /** `times` wrong passwords for the admin, one after the other; their statuses. */
    async function wrongLogins(times: number): Promise<number[]> {
      const http = request((app as INestApplication).getHttpServer());
      const statuses = [];
      for (let i = 0; i < times; i += 1) {
        const res = await http.post('/auth/login').send({
          username: ADMIN.TOKENWARD_ADMIN_USERNAME,
          password: `wrong-password-${i}`,
        });
        statuses.push(res.status);
      }
      return statuses;
    }

    it('with both off, 25 wrong logins from one client are all 401 and the right password still logs in', async () => {
      await startExample(
        {
          env: {
            TOKENWARD_RATE_LIMITS: 'off',
            TOKENWARD_LOGIN_LOCKOUT: 'off',
            ...ADMIN,
          },
        },
        adapter,
      );

      expect(await wrongLogins(25)).toEqual(Array(25).fill(401));
      await request((app as INestApplication).getHttpServer())
        .post('/auth/login')
        .send({
          username: ADMIN.TOKENWARD_ADMIN_USERNAME,
          password: ADMIN.TOKENWARD_ADMIN_PASSWORD,
        })
        .expect(200);
    });

    it('with the lockout alone off, the rate limit still stops the 21st login; with both on, the lockout stops the 6th', async () => {
      await startExample(
        { env: { TOKENWARD_LOGIN_LOCKOUT: 'off', ...ADMIN } },
        adapter,
      );
      expect(await wrongLogins(21)).toEqual([...Array(20).fill(401), 429]);
      await app?.close();

      await startExample(
        { env: { TOKENWARD_LOGIN_LOCKOUT: 'on', ...ADMIN } },
        adapter,
      );
      expect(await wrongLogins(6)).toEqual([...Array(5).fill(401), 429]);
    });
  },
);

describe('the example app refuses the load-test switches where they do not belong', () => {
  it('refuses either one with NODE_ENV=production, naming it', async () => {
    const text = await startFailure({
      NODE_ENV: 'production',
      JWT_SECRET: TEST_SECRET,
      TOKENWARD_RATE_LIMITS: 'off',
      TOKENWARD_LOGIN_LOCKOUT: 'off',
    });

    expect(text).toContain(
      'TOKENWARD_RATE_LIMITS=off is refused when NODE_ENV=production',
    );
    expect(text).toContain(
      'TOKENWARD_LOGIN_LOCKOUT=off is refused when NODE_ENV=production',
    );
  });

  it('refuses anything but "on" or "off"', async () => {
    const text = await startFailure({
      TOKENWARD_RATE_LIMITS: 'false',
      TOKENWARD_LOGIN_LOCKOUT: '0',
    });

    expect(text).toContain('TOKENWARD_RATE_LIMITS must be "on" or "off"');
    expect(text).toContain('TOKENWARD_LOGIN_LOCKOUT must be "on" or "off"');
  });
});

describe('the example app with MONGODB_URI', () => {
  it('stores in that database through MongooseModule.forRootAsync', async () => {
    const uri = uniqueMongoUri(inject('mongoUri'), 'example-config');
    await startExample({ env: { MONGODB_URI: uri, ...ADMIN } });
    const connection = await mongoose.createConnection(uri).asPromise();
    try {
      const users = await connection
        .collection('tokenward_users')
        .find({}, { projection: { username: 1 } })
        .toArray();
      expect(users.map((u) => u.username)).toEqual(['root']);
      await request((app as INestApplication).getHttpServer())
        .get('/health')
        .expect(200)
        .expect((res) => expect(res.body.storage).toEqual({ status: 'up' }));
    } finally {
      await connection.dropDatabase();
      await connection.close();
    }
  });

  it('connects with the driver settings the README recommends for production', async () => {
    const uri = uniqueMongoUri(inject('mongoUri'), 'example-driver');
    const started = await startExample({ env: { MONGODB_URI: uri } });
    const connection = started.get<Connection>(getConnectionToken());
    try {
      const { bufferCommands, ...driver } = EXAMPLE_MONGODB_OPTIONS;
      // What the driver runs with, not merely what was passed.
      expect(connection.getClient().options).toMatchObject(driver);
      expect(connection.config.bufferCommands).toBe(bufferCommands);
      // The README's table lists exactly these, with these values.
      expect(readmeDriverSettings()).toEqual(EXAMPLE_MONGODB_OPTIONS);
    } finally {
      await connection.dropDatabase();
    }
  });
});

/** `setting -> example value` from the driver-settings table of README's MongoDB production notes. */
function readmeDriverSettings(): Record<string, unknown> {
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('- **Driver settings.**'));
  const settings: Record<string, unknown> = {};
  for (const line of table.split('\n').slice(1)) {
    const cells = line
      .trim()
      .split('|')
      .map((cell) => cell.trim());
    if (cells.length < 5) {
      if (Object.keys(settings).length > 0) break;
      continue;
    }
    const name = /^`(\w+)`/.exec(cells[1] ?? '')?.[1];
    const value = /^`([^`]+)`$/.exec(cells[3] ?? '')?.[1];
    if (name === undefined || value === undefined) continue;
    settings[name] = JSON.parse(value) as unknown;
  }
  return settings;
}
