// Issue 6, "Audit trail": rotations, deactivations, reuse detections and admin actions persisted
// (who, when, reason, request id) and listed at GET /auth/admin/audit?skip&limit. Every record
// is read back right after the action's response, without waiting: the write is part of the
// action, not a background subscriber.
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import {
  adminLogin,
  bearer,
  registerAndLogin,
  startFixtureApp,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  REVOKED_USER_CODES,
} from '../support/http-assertions.js';
import { CapturingLogger } from '../support/security.js';
import {
  AuditLogRepository,
  type AuditLogPage,
  type AuditRecord,
} from '../support/tokenward.js';

/** A generated request id (UUIDv4). */
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A record id (UUIDv7: time-ordered). */
const RECORD_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface WireRecord {
  id: string;
  action: string;
  actor_id: string | null;
  subject_id: string | null;
  reason: string | null;
  request_id: string | null;
  occurred_at: string;
  details: Record<string, string | number | boolean>;
}

const RECORD_KEYS = [
  'action',
  'actor_id',
  'details',
  'id',
  'occurred_at',
  'reason',
  'request_id',
  'subject_id',
];

const VARIANTS = [
  ['express', 'memory'],
  ['fastify', 'memory'],
  ['fastify', 'mongoose'],
] as const;

describe.each(VARIANTS)('audit trail (%s, %s storage)', (adapter, storage) => {
  let f: FixtureApp;
  /** Every token and password this suite handled: none may appear in the audit trail. */
  const secrets: string[] = [];

  beforeAll(async () => {
    f = await startFixtureApp({
      adapter,
      mongoUri:
        storage === 'mongoose'
          ? uniqueMongoUri(inject('mongoUri'), `audit-trail-${adapter}`)
          : undefined,
    });
  });

  afterAll(async () => {
    if (storage === 'mongoose') {
      await f?.app.get<Connection>(getConnectionToken()).dropDatabase();
    }
    await f?.close();
  });

  /** A fresh admin (tests move the clock), its secrets remembered. */
  const asAdmin = async () => {
    const admin = await adminLogin(f);
    secrets.push(
      admin.accessToken,
      admin.refreshToken,
      admin.credentials.password,
    );
    return admin;
  };
  const asUser = async () => {
    const user = await registerAndLogin(f);
    secrets.push(
      user.accessToken,
      user.refreshToken,
      user.credentials.password,
    );
    return user;
  };
  const audit = (token: string, query = '') =>
    f.http.get(`/auth/admin/audit${query}`).set(...bearer(token));
  /** The newest record, read right after the action's response. */
  const newest = async (token: string): Promise<WireRecord> => {
    const res = await audit(token, '?limit=1').expect(200);
    expect(res.body.items).toHaveLength(1);
    return res.body.items[0] as WireRecord;
  };
  const now = () => f.clock.now().toISOString();

  describe('each audited action, with who, when, why and the request id', () => {
    it('global rotation: the admin, the reason, the client X-Request-Id (echoed back) and the versions', async () => {
      const admin = await asAdmin();
      f.clock.advanceSeconds(1);

      const res = await f.http
        .post('/auth/admin/rotations/global')
        .set(...bearer(admin.accessToken))
        .set('X-Request-Id', 'drill-2026.03:01_a-1')
        .send({ reason: 'key leak drill', grace_period_seconds: 60 })
        .expect(201);

      expect(res.headers['x-request-id']).toBe('drill-2026.03:01_a-1');
      const record = await newest(admin.accessToken);
      expect(Object.keys(record).sort()).toEqual(RECORD_KEYS);
      expect(record).toEqual({
        id: expect.stringMatching(RECORD_ID),
        action: 'global_token_rotation',
        actor_id: admin.userId,
        subject_id: null,
        reason: 'key leak drill',
        request_id: 'drill-2026.03:01_a-1',
        occurred_at: now(),
        details: {
          previous_version: res.body.previous_version,
          new_version: res.body.new_version,
          grace_period_seconds: 60,
          grace_ends_at: res.body.grace_ends_at,
        },
      });
    });

    it('per-user rotation: the admin, the user, the reason and the versions', async () => {
      const admin = await asAdmin();
      const victim = await asUser();
      f.clock.advanceSeconds(1);

      const res = await f.http
        .post(`/auth/admin/users/${victim.userId}/rotations`)
        .set(...bearer(admin.accessToken))
        .set('X-Request-Id', 'rotate-user-1')
        .send({ reason: 'laptop stolen' })
        .expect(201);

      expect(await newest(admin.accessToken)).toEqual({
        id: expect.stringMatching(RECORD_ID),
        action: 'user_token_rotation',
        actor_id: admin.userId,
        subject_id: victim.userId,
        reason: 'laptop stolen',
        request_id: 'rotate-user-1',
        occurred_at: now(),
        details: {
          previous_version: res.body.previous_version,
          new_version: res.body.new_version,
        },
      });
    });

    it('deactivation, reactivation and a roles change: each with what it set', async () => {
      const admin = await asAdmin();
      const victim = await asUser();
      const patch = (body: object, requestId: string) =>
        f.http
          .patch(`/auth/admin/users/${victim.userId}`)
          .set(...bearer(admin.accessToken))
          .set('X-Request-Id', requestId)
          .send(body)
          .expect(200);
      const expected = (
        requestId: string,
        reason: string | null,
        details: WireRecord['details'],
      ) => ({
        id: expect.stringMatching(RECORD_ID),
        action: 'user_status_changed',
        actor_id: admin.userId,
        subject_id: victim.userId,
        reason,
        request_id: requestId,
        occurred_at: now(),
        details,
      });

      f.clock.advanceSeconds(1);
      await patch({ is_active: false, reason: 'left the company' }, 'deact-1');
      expect(await newest(admin.accessToken)).toEqual(
        expected('deact-1', 'left the company', {
          is_active: false,
          revoked_sessions: 1,
        }),
      );
      expectUnauthorized(
        await f.http.get('/auth/me').set(...bearer(victim.accessToken)),
        REVOKED_USER_CODES,
      );

      f.clock.advanceSeconds(1);
      await patch({ is_active: true }, 'react-1');
      expect(await newest(admin.accessToken)).toEqual(
        expected('react-1', null, { is_active: true }),
      );

      f.clock.advanceSeconds(1);
      await patch({ roles: ['user', 'staff'], reason: 'promotion' }, 'roles-1');
      expect(await newest(admin.accessToken)).toEqual(
        expected('roles-1', 'promotion', { roles: 'staff,user' }),
      );
    });

    it('logout of every session: the user as actor and subject', async () => {
      const admin = await asAdmin();
      const user = await asUser();
      f.clock.advanceSeconds(1);

      const res = await f.http
        .post('/auth/logout-all')
        .set(...bearer(user.accessToken))
        .set('X-Request-Id', 'logout-all-1')
        .expect(200);

      expect(res.headers['x-request-id']).toBe('logout-all-1');
      expect(await newest(admin.accessToken)).toEqual({
        id: expect.stringMatching(RECORD_ID),
        action: 'all_sessions_revoked',
        actor_id: user.userId,
        subject_id: user.userId,
        reason: 'logout_all',
        request_id: 'logout-all-1',
        occurred_at: now(),
        details: { revoked_sessions: 1 },
      });
    });

    it('refresh-token reuse: no actor, the victim, the session and the replaying request id (echoed on the 401)', async () => {
      const admin = await asAdmin();
      const user = await asUser();
      const rotated = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(200);
      secrets.push(rotated.body.access_token, rotated.body.refresh_token);
      const { sid } = JSON.parse(
        Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString(),
      ) as { sid: string };
      f.clock.advanceSeconds(11);

      const replay = await f.http
        .post('/auth/refresh')
        .set('X-Request-Id', 'replay-1')
        .send({ refresh_token: user.refreshToken });

      expectUnauthorized(replay, 'refresh_token_reused');
      expect(replay.headers['x-request-id']).toBe('replay-1');
      expect(await newest(admin.accessToken)).toEqual({
        id: expect.stringMatching(RECORD_ID),
        action: 'refresh_token_reuse_detected',
        actor_id: null,
        subject_id: user.userId,
        reason: 'refresh_token_reuse',
        request_id: 'replay-1',
        occurred_at: now(),
        details: { session_id: sid, session_revoked: true },
      });
    });

    it('an ordinary refresh, a login, a failed login and a logout add no record', async () => {
      const admin = await asAdmin();
      const before = (await audit(admin.accessToken).expect(200)).body.total;
      const user = await asUser();
      const refreshed = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(200);
      secrets.push(refreshed.body.access_token, refreshed.body.refresh_token);
      await f.http
        .post('/auth/login')
        .send({ username: user.credentials.username, password: 'Wrong-pw-1' })
        .expect(401);
      await f.http
        .post('/auth/logout')
        .set(...bearer(refreshed.body.access_token))
        .expect(200);

      expect((await audit(admin.accessToken).expect(200)).body.total).toBe(
        before,
      );
    });
  });

  describe('request ids', () => {
    const rotateWith = async (requestId?: string) => {
      const admin = await asAdmin();
      const victim = await asUser();
      const req = f.http
        .post(`/auth/admin/users/${victim.userId}/rotations`)
        .set(...bearer(admin.accessToken));
      if (requestId !== undefined) req.set('X-Request-Id', requestId);
      const res = await req.send({}).expect(201);
      return { res, record: await newest(admin.accessToken) };
    };

    it('a request without X-Request-Id gets a generated UUID, echoed back and recorded', async () => {
      const { res, record } = await rotateWith();
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(record.request_id).toBe(res.headers['x-request-id']);
    });

    it('accepts 128 characters of [A-Za-z0-9._:-] as they are', async () => {
      const id = `A-z_0.9:${'x'.repeat(120)}`;
      const { res, record } = await rotateWith(id);
      expect(res.headers['x-request-id']).toBe(id);
      expect(record.request_id).toBe(id);
    });

    it.each([
      ['too long', 'a'.repeat(129)],
      ['empty', ''],
      ['with a space', 'req 1'],
      ['an operator object', '{"$gt":""}'],
      ['a quote and a semicolon', 'a";b'],
      ['percent-encoded', 'caf%C3%A9'],
      ['a slash', '../../etc'],
    ])(
      'replaces an id that is %s by a generated UUID',
      async (_label, requestId) => {
        const { res, record } = await rotateWith(requestId);
        expect(res.headers['x-request-id']).toMatch(UUID);
        expect(record.request_id).toBe(res.headers['x-request-id']);
      },
    );
  });

  describe('GET /auth/admin/audit', () => {
    it('lists newest first and pages with skip and limit', async () => {
      const admin = await asAdmin();
      const victim = await asUser();
      for (let i = 1; i <= 5; i += 1) {
        f.clock.advanceSeconds(1);
        await f.http
          .post(`/auth/admin/users/${victim.userId}/rotations`)
          .set(...bearer(admin.accessToken))
          .send({ reason: `page-${i}` })
          .expect(201);
      }
      const reasons = (items: WireRecord[]) => items.map((r) => r.reason);

      const first = await audit(admin.accessToken, '?limit=5').expect(200);
      expect(Object.keys(first.body).sort()).toEqual([
        'items',
        'limit',
        'skip',
        'total',
      ]);
      expect(reasons(first.body.items)).toEqual([
        'page-5',
        'page-4',
        'page-3',
        'page-2',
        'page-1',
      ]);
      const total: number = first.body.total;
      expect(total).toBeGreaterThanOrEqual(5);
      const times = first.body.items.map((r: WireRecord) => r.occurred_at);
      expect([...times].sort().reverse()).toEqual(times);

      const middle = await audit(admin.accessToken, '?skip=1&limit=2').expect(
        200,
      );
      expect(middle.body).toMatchObject({ skip: 1, limit: 2, total });
      expect(reasons(middle.body.items)).toEqual(['page-4', 'page-3']);

      const last = await audit(
        admin.accessToken,
        `?skip=${total - 1}&limit=5`,
      ).expect(200);
      expect(last.body.items).toHaveLength(1);
      const beyond = await audit(admin.accessToken, `?skip=${total}`).expect(
        200,
      );
      expect(beyond.body.items).toEqual([]);
    });

    it('defaults to skip 0, limit 20 and accepts the bounds', async () => {
      const admin = await asAdmin();
      const res = await audit(admin.accessToken).expect(200);
      expect(res.body).toMatchObject({ skip: 0, limit: 20 });
      expect(res.body.items.length).toBe(Math.min(20, res.body.total));
      await audit(admin.accessToken, '?skip=100000&limit=100').expect(200);
    });

    it('401 without a token or with an invalid one; nothing listed', async () => {
      expectUnauthorized(
        await f.http.get('/auth/admin/audit'),
        'authentication_required',
      );
      expectUnauthorized(
        await f.http.get('/auth/admin/audit').set(...bearer('not.a.jwt')),
        'invalid_token',
      );
    });

    it('403 insufficient_role for a non-admin, including a staff member', async () => {
      const admin = await asAdmin();
      const user = await asUser();
      expectError(await audit(user.accessToken), 403, 'insufficient_role');
      await f.http
        .patch(`/auth/admin/users/${user.userId}`)
        .set(...bearer(admin.accessToken))
        .send({ roles: ['staff'] })
        .expect(200);
      expectError(await audit(user.accessToken), 403, 'insufficient_role');
    });

    it.each([
      ['limit=0'],
      ['limit=101'],
      ['limit=abc'],
      ['skip=-1'],
      ['skip=1.5'],
      ['skip=100001'],
      ['skip=1e20'],
      ['page=2'],
      ['skip[$gt]=1'],
      ['action=global_token_rotation'],
    ])('400 validation_failed for ?%s', async (query) => {
      const admin = await asAdmin();
      expectError(
        await audit(admin.accessToken, `?${query}`),
        400,
        'validation_failed',
      );
    });

    it('never carries a token, a hash or a password (run last: every secret above)', async () => {
      const admin = await asAdmin();
      expect(secrets.length).toBeGreaterThan(20);
      const first = await audit(admin.accessToken, '?limit=100').expect(200);
      const pages = [first.text];
      for (let skip = 100; skip < first.body.total; skip += 100) {
        pages.push(
          (
            await audit(admin.accessToken, `?skip=${skip}&limit=100`).expect(
              200,
            )
          ).text,
        );
      }
      const text = pages.join('\n');
      expect(first.body.total).toBeGreaterThan(10);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/\$argon2|password|hash|expires_at/i);
      for (const record of first.body.items as WireRecord[]) {
        expect(Object.keys(record).sort()).toEqual(RECORD_KEYS);
        for (const value of Object.values(record.details)) {
          expect(['string', 'number', 'boolean']).toContain(typeof value);
        }
      }
    });
  });
});

/** An audit log whose storage is down, holding a message that must not surface. */
class DownAuditLog extends AuditLogRepository {
  readonly message = 'audit db down at mongodb://root:hunter2@db/app';
  async append(_record: AuditRecord): Promise<void> {
    throw new Error(this.message);
  }
  async list(_page: AuditLogPage): Promise<AuditRecord[]> {
    throw new Error(this.message);
  }
  async count(): Promise<number> {
    throw new Error(this.message);
  }
}

describe.each(['express', 'fastify'] as const)(
  'audit trail: storage failure (%s)',
  (adapter) => {
    const down = new DownAuditLog();
    const f = useFixtureApp({
      adapter,
      providers: [{ provide: AuditLogRepository, useValue: down }],
    });

    it('a failed audit write is logged without the reason or the storage text, and the rotation still answers 201', async () => {
      const logger = new CapturingLogger();
      f.app.useLogger(logger);
      try {
        const admin = await adminLogin(f);
        const victim = await registerAndLogin(f);

        const res = await f.http
          .post(`/auth/admin/users/${victim.userId}/rotations`)
          .set(...bearer(admin.accessToken))
          .set('X-Request-Id', 'lost-record-1')
          .send({ reason: 'free text that is never logged' });

        expect(res.status).toBe(201);
        expectUnauthorized(
          await f.http.get('/auth/me').set(...bearer(victim.accessToken)),
          'token_version_rejected',
        );
        const lines = logger.lines.filter((line) =>
          line.includes('Audit record not stored'),
        );
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain('user_token_rotation');
        expect(lines[0]).toContain('lost-record-1');
        expect(lines[0]).toContain(victim.userId);
        expect(logger.text).not.toContain('never logged');
        expect(logger.text).not.toContain('hunter2');
        expect(logger.text).not.toContain(admin.accessToken);
        // Reading the trail fails closed like every other storage read.
        const listed = await f.http
          .get('/auth/admin/audit')
          .set(...bearer(admin.accessToken));
        expectError(listed, 503, 'storage_unavailable');
        expect(listed.text).not.toContain('hunter2');
      } finally {
        f.app.useLogger(false);
        vi.restoreAllMocks();
      }
    });
  },
);
