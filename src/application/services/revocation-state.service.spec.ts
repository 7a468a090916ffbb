import { Logger } from '@nestjs/common';
import {
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import {
  anotherInstance,
  createHandlerKit,
  intercept,
  StorageOutage,
  type HandlerKit,
} from '../../../test/support/handler-kit.js';
import { GlobalRotationState } from '../../domain/entities/global-rotation-state.entity.js';
import type { UserSnapshot } from '../../domain/entities/user.entity.js';
import type { UserRepository } from '../../domain/ports/user.repository.js';
// Errors in the order the cases below meet them.
import { TokenRevokedError } from '../../domain/errors/token-revoked.error.js';
import { TokenVersionRejectedError } from '../../domain/errors/token-version-rejected.error.js';
import { UserInactiveError } from '../../domain/errors/user-inactive.error.js';
import { StorageUnavailableError } from '../../domain/errors/storage-unavailable.error.js';
import { TriggerGlobalTokenRotationCommand } from '../commands/trigger-global-token-rotation/trigger-global-token-rotation.command.js';
import { TriggerUserTokenRotationCommand } from '../commands/trigger-user-token-rotation/trigger-user-token-rotation.command.js';
import type { AuthTokens } from '../dtos/auth-tokens.dto.js';
import { failClosed } from '../../infrastructure/persistence/fail-closed.js';
import { MemoryRevocationChangeRepository } from '../../infrastructure/persistence/memory/memory-revocation-change.repository.js';
import { MemoryUserRepository } from '../../infrastructure/persistence/memory/memory-user.repository.js';
import { RevokeSessionCommand } from '../commands/revoke-session/revoke-session.command.js';
import type { RevocationSubject } from './revocation-state.service.js';

const REFRESH_MS = 1_000;
const MAX_STALENESS_MS = 10_000;
const OVERLAP_MS = 5_000;
const ACCESS_TTL_S = 60;
const CLOCK_TOLERANCE_S = 5;

/** Holds the replies of the named methods (computed at call time) until `release()`. */
function slowReplies<T extends object>(
  target: T,
  methods: readonly (keyof T & string)[],
) {
  const waiting: (() => void)[] = [];
  const held = intercept(target, methods, async (call) => {
    const reply = await call();
    await new Promise<void>((resolve) => waiting.push(resolve));
    return reply;
  });
  return {
    held,
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
  };
}

/** Lets pending promise callbacks run (no timers involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RevocationStateService', () => {
  let kit: HandlerKit;
  let tokens: AuthTokens;
  let subject: RevocationSubject;
  const check = (on: HandlerKit = kit, token: RevocationSubject = subject) =>
    on.revocation.assertNotRevoked(token);

  beforeAll(() => {
    // The service logs every failed refresh; the assertions here cover those paths.
    Logger.overrideLogger(false);
  });

  beforeEach(async () => {
    kit = createHandlerKit({
      accessTokenTtlSeconds: ACCESS_TTL_S,
      clockToleranceSeconds: CLOCK_TOLERANCE_S,
      revocationCacheRefreshMs: REFRESH_MS,
      revocationMaxStalenessMs: MAX_STALENESS_MS,
      revocationPollOverlapMs: OVERLAP_MS,
    });
    const registered = await kit.registerAndIssueTokens();
    tokens = registered.tokens;
    subject = { sub: registered.user.id, sid: tokens.sessionId, gv: 1, uv: 1 };
    await kit.revocation.refresh();
  });

  describe('local changes', () => {
    it('returns the user’s current snapshot for a live token', async () => {
      await expect(check()).resolves.toMatchObject({
        id: subject.sub,
        tokenVersion: 1,
      });
    });

    it('applies a session revocation at once', async () => {
      kit.revocation.applySessionRevoked(subject.sid, kit.clock.now());
      await expect(check()).rejects.toThrow(TokenRevokedError);
    });

    it('applies a user change at once', async () => {
      const bump = await kit.users.incrementTokenVersion(
        subject.sub,
        kit.clock.now(),
      );
      kit.revocation.applyUser(bump!.user.toSnapshot());
      await expect(check()).rejects.toThrow(TokenVersionRejectedError);
      await expect(check(kit, { ...subject, uv: 2 })).resolves.toBeDefined();
    });

    it('applies a global rotation at once', async () => {
      const now = kit.clock.now();
      kit.revocation.applyGlobalState(
        new GlobalRotationState({
          version: 2,
          previousVersion: 1,
          rotatedAt: now,
          graceEndsAt: now,
          reason: null,
          rotatedBy: null,
        }),
      );
      await expect(check()).rejects.toThrow(TokenVersionRejectedError);
      await expect(kit.revocation.getGlobalState()).resolves.toMatchObject({
        version: 2,
      });
    });

    it('refuses a token of an inactive user', async () => {
      const user = await kit.users.updateStatus(
        subject.sub,
        { isActive: false },
        false,
        kit.clock.now(),
      );
      kit.revocation.applyUser(user!.toSnapshot());
      await expect(check()).rejects.toThrow(UserInactiveError);
    });

    it('serves steady-state checks from memory, without storage round-trips', async () => {
      await check();
      const findById = vi.spyOn(kit.users, 'findById');
      const get = vi.spyOn(kit.rotationState, 'get');
      for (let i = 0; i < 10; i += 1) await check();
      expect(findById).not.toHaveBeenCalled();
      expect(get).not.toHaveBeenCalled();
    });
  });

  describe('changes made by another instance', () => {
    const now = () => kit.clock.now();
    it.each<
      [
        string,
        (k: HandlerKit, s: RevocationSubject, at: Date) => Promise<unknown>,
        new (...args: never[]) => Error,
      ]
    >([
      [
        'a logout',
        (k, s, at) => k.sessions.revoke(s.sid, 'logout', at),
        TokenRevokedError,
      ],
      [
        'a user rotation',
        (k, s, at) => k.users.incrementTokenVersion(s.sub, at),
        TokenVersionRejectedError,
      ],
      [
        'a deactivation',
        (k, s, at) =>
          k.users.updateStatus(s.sub, { isActive: false }, false, at),
        UserInactiveError,
      ],
      [
        'a global rotation',
        (k, _s, at) =>
          k.rotationState.rotate({
            now: at,
            graceEndsAt: at,
            reason: null,
            rotatedBy: null,
          }),
        TokenVersionRejectedError,
      ],
    ])(
      'picks up %s written to storage within one poll',
      async (_label, write, rejection) => {
        await check();
        kit.clock.advance(100);
        await write(kit, subject, now());
        // Until the next poll this instance still serves its cached state: the documented bound.
        await expect(check()).resolves.toBeDefined();
        await kit.revocation.refresh();
        await expect(check()).rejects.toThrow(rejection);
      },
    );

    it('polls on its own once the state is two intervals old', async () => {
      await check();
      await kit.sessions.revoke(subject.sid, 'logout', now());
      kit.clock.advance(REFRESH_MS * 2);
      await expect(check()).resolves.toBeDefined();
      kit.clock.advance(1);
      await expect(check()).rejects.toThrow(TokenRevokedError);
    });

    it('covers writes stamped by a clock that is behind, within the overlap', async () => {
      await check();
      kit.clock.advance(100);
      const skewed = new Date(now().getTime() - (OVERLAP_MS - 500));
      await kit.sessions.revoke(subject.sid, 'logout', skewed);
      await kit.revocation.refresh();
      await expect(check()).rejects.toThrow(TokenRevokedError);
    });

    it('sees revocations from before its first poll (a freshly started instance)', async () => {
      kit.revocation.applySessionRevoked(subject.sid, now());
      await kit.sessions.revoke(subject.sid, 'logout', now());
      kit.clock.advance(30_000);
      const fresh = anotherInstance(kit);
      await expect(check(fresh)).rejects.toThrow(TokenRevokedError);
    });

    it('accepts at once a token another instance issued after its global rotation', async () => {
      await check();
      const other = anotherInstance(kit);
      await other.handlers.triggerGlobalTokenRotation.execute(
        new TriggerGlobalTokenRotationCommand(0),
      );
      const issuedThere = await other.issueTokens(subject.sub);
      const claims = await other.signer.verify(issuedThere.accessToken, now());
      expect(claims.gv).toBe(2);
      await expect(
        kit.validator.validate(issuedThere.accessToken),
      ).resolves.toBeDefined();
    });

    it('shares one poll between concurrent callers', async () => {
      const get = vi.spyOn(kit.rotationState, 'get');
      await Promise.all([
        kit.revocation.refresh(),
        kit.revocation.refresh(),
        kit.revocation.refresh(),
      ]);
      expect(get).toHaveBeenCalledTimes(1);
    });
  });

  describe('the revocation change log', () => {
    const config = {
      accessTokenTtlSeconds: ACCESS_TTL_S,
      clockToleranceSeconds: CLOCK_TOLERANCE_S,
      revocationCacheRefreshMs: REFRESH_MS,
      revocationMaxStalenessMs: MAX_STALENESS_MS,
      revocationPollOverlapMs: OVERLAP_MS,
    };

    it('refuses on another instance a change that lands long after a poll read its announcement', async () => {
      // The write of the version bump waits at a gate, after its change-log entry was recorded.
      let open = () => undefined as void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const late = intercept(
        new MemoryUserRepository(),
        ['incrementTokenVersion'],
        async (call) => {
          await gate;
          return call();
        },
      );
      const a = createHandlerKit(config, { users: late });
      const registered = await a.registerAndIssueTokens();
      const token = {
        sub: registered.user.id,
        sid: registered.tokens.sessionId,
        gv: 1,
        uv: 1,
      };
      const b = anotherInstance(a);
      await b.revocation.refresh();

      const rotation = a.handlers.triggerUserTokenRotation.execute(
        new TriggerUserTokenRotationCommand(token.sub),
      );
      await settle();
      a.clock.advance(REFRESH_MS);
      await b.revocation.refresh();
      // Announced, not made yet: the token is still valid.
      await expect(check(b, token)).resolves.toMatchObject({
        tokenVersion: 1,
      });

      // Lands after the entry left the polls' look-back (overlap + storage timeout).
      a.clock.advance(OVERLAP_MS + b.config.storageTimeoutMs + REFRESH_MS);
      await b.revocation.refresh();
      open();
      await rotation;
      a.clock.advance(REFRESH_MS);
      await b.revocation.refresh();

      await expect(check(b, token)).rejects.toThrow(TokenVersionRejectedError);
    });

    it('makes no change whose announcement could not be recorded', async () => {
      const changeLog = intercept(
        new MemoryRevocationChangeRepository(),
        ['record'],
        () => Promise.reject(new StorageUnavailableError('down')),
      );
      const a = createHandlerKit(config, { changeLog });
      const registered = await a.registerAndIssueTokens();

      await expect(
        a.handlers.triggerUserTokenRotation.execute(
          new TriggerUserTokenRotationCommand(registered.user.id),
        ),
      ).rejects.toThrow(StorageUnavailableError);
      await expect(
        a.handlers.revokeSession.execute(
          new RevokeSessionCommand(
            registered.user.id,
            registered.tokens.sessionId,
          ),
        ),
      ).rejects.toThrow(StorageUnavailableError);

      expect((await a.users.findById(registered.user.id))?.tokenVersion).toBe(
        1,
      );
      expect(
        (await a.sessions.findById(registered.tokens.sessionId))?.revokedAt,
      ).toBeNull();
    });

    it('reads by id only the users its entries name, and none while nothing changed', async () => {
      const other = anotherInstance(kit);
      await other.revocation.refresh();
      const read = vi.spyOn(kit.users, 'findSnapshotsByIds');
      // Every other method of the users port: a poll must not list, count or look users up
      // any other way (that would cost with the user base, not the changes).
      const otherMethods = Object.getOwnPropertyNames(
        Object.getPrototypeOf(kit.users),
      ).filter(
        (name): name is keyof UserRepository =>
          name !== 'constructor' && name !== 'findSnapshotsByIds',
      );
      expect(otherMethods).toContain('listActive');
      const others = otherMethods.map((name) => vi.spyOn(kit.users, name));

      kit.clock.advance(REFRESH_MS);
      await other.revocation.refresh();
      expect(read).not.toHaveBeenCalled();
      for (const spy of others) expect(spy).not.toHaveBeenCalled();

      await kit.registerUser();
      await kit.users.incrementTokenVersion(subject.sub, kit.clock.now());
      for (const spy of others) spy.mockClear();
      kit.clock.advance(REFRESH_MS);
      await other.revocation.refresh();
      expect(read).toHaveBeenLastCalledWith([subject.sub]);
      for (const spy of others) expect(spy).not.toHaveBeenCalled();
      await expect(check(other)).rejects.toThrow(TokenVersionRejectedError);
    });
  });

  describe('stale replies', () => {
    it('never lets a slow poll overwrite a newer local change of a user', async () => {
      const slow = slowReplies(kit.users, ['findSnapshotsByIds']);
      const other = anotherInstance(kit, {}, { users: slow.held });
      // Version 2 here, then a poll that read version 2 is held while this instance goes to 3.
      await kit.handlers.triggerUserTokenRotation.execute(
        new TriggerUserTokenRotationCommand(subject.sub),
      );
      const poll = other.revocation.refresh();
      await settle();
      kit.clock.advance(10);
      await other.handlers.triggerUserTokenRotation.execute(
        new TriggerUserTokenRotationCommand(subject.sub),
      );
      slow.release();
      await poll;
      await expect(check(other, { ...subject, uv: 2 })).rejects.toThrow(
        TokenVersionRejectedError,
      );
      await expect(check(other, { ...subject, uv: 3 })).resolves.toMatchObject({
        tokenVersion: 3,
      });
    });

    it('never lets a slow poll overwrite a newer local global rotation', async () => {
      const slow = slowReplies(kit.rotationState, ['get']);
      const other = anotherInstance(kit, {}, { rotationState: slow.held });
      const poll = other.revocation.refresh();
      await settle();
      await other.handlers.triggerGlobalTokenRotation.execute(
        new TriggerGlobalTokenRotationCommand(0),
      );
      slow.release();
      await poll;
      await expect(other.revocation.getGlobalState()).resolves.toMatchObject({
        version: 2,
      });
      await expect(check(other)).rejects.toThrow(TokenVersionRejectedError);
    });

    it('keeps the newer of two snapshots of one user, whatever order they arrive in', async () => {
      const at = (ms: number) => new Date(kit.clock.now().getTime() - ms);
      const base: UserSnapshot = {
        id: subject.sub,
        username: 'u1',
        email: 'u1@example.test',
        emailVerified: false,
        isActive: true,
        roles: [],
        tokenVersion: 2,
        createdAt: new Date(0),
        stateChangedAt: at(3_000),
      };
      const deactivated = {
        ...base,
        isActive: false,
        stateChangedAt: at(2_000),
      };
      kit.revocation.applyUser(deactivated);
      kit.revocation.applyUser(base);
      kit.revocation.applyUser({
        ...base,
        tokenVersion: 1,
        stateChangedAt: at(1_000),
      });
      await expect(check(kit, { ...subject, uv: 2 })).rejects.toThrow(
        UserInactiveError,
      );
    });
  });

  describe('changes kept for one access-token lifetime', () => {
    /** Token lifetime + clock tolerance + poll overlap: how long a change can still matter. */
    const WINDOW_MS = (ACCESS_TTL_S + CLOCK_TOLERANCE_S) * 1000 + OVERLAP_MS;
    const started: HandlerKit[] = [];
    afterEach(() => {
      started.splice(0).forEach((k) => k.revocation.onApplicationShutdown());
    });
    /** An instance started now on the same storage: it reads the last window's changes once. */
    const startInstance = async () => {
      const fresh = anotherInstance(kit);
      await fresh.revocation.onModuleInit();
      started.push(fresh);
      return fresh;
    };
    const rotateUser = () =>
      kit.users.incrementTokenVersion(subject.sub, kit.clock.now());

    it('an instance that starts after a change refuses the tokens it revoked', async () => {
      await rotateUser();
      kit.clock.advanceSeconds(30);
      const fresh = await startInstance();
      await expect(
        fresh.validator.validate(tokens.accessToken),
      ).rejects.toThrow(TokenVersionRejectedError);
      expect(fresh.revocation.recentUserChanges).toBe(1);
    });

    it('a change just inside the window is loaded at start; one just outside is not, and no token it revoked is accepted any more', async () => {
      await rotateUser();
      kit.clock.advance(WINDOW_MS - 1);
      const inside = await startInstance();
      expect(inside.revocation.recentUserChanges).toBe(1);
      await expect(check(inside)).rejects.toThrow(TokenVersionRejectedError);

      kit.clock.advance(2);
      const outside = await startInstance();
      expect(outside.revocation.recentUserChanges).toBe(0);
      // Nothing remembered, and nothing needed: the token the change revoked has expired.
      await expect(
        outside.validator.validate(tokens.accessToken),
      ).rejects.toThrow('Token expired');
    });

    it('a user changed twice within the window: the latest state decides, here and on an instance started after both', async () => {
      await kit.users.updateStatus(
        subject.sub,
        { isActive: false, roles: ['a'] },
        true,
        kit.clock.now(),
      );
      kit.clock.advanceSeconds(1);
      await kit.users.updateStatus(
        subject.sub,
        { isActive: true, roles: ['b'] },
        false,
        kit.clock.now(),
      );
      await kit.revocation.refresh();
      const fresh = await startInstance();
      for (const instance of [kit, fresh]) {
        await expect(check(instance)).rejects.toThrow(
          TokenVersionRejectedError,
        );
        await expect(
          check(instance, { ...subject, uv: 2 }),
        ).resolves.toMatchObject({ isActive: true, roles: ['b'] });
      }
    });

    it('forgets a user change once no token issued before it can be accepted', async () => {
      await rotateUser();
      await kit.revocation.refresh();
      expect(kit.revocation.recentUserChanges).toBe(1);
      kit.clock.advance(WINDOW_MS + 1);
      await kit.revocation.refresh();
      expect(kit.revocation.recentUserChanges).toBe(0);
    });
  });

  describe('memory bound', () => {
    it('forgets a revoked session once its access tokens can no longer be accepted', async () => {
      const revokedAt = kit.clock.now();
      await kit.sessions.revoke(subject.sid, 'logout', revokedAt);
      kit.revocation.applySessionRevoked(subject.sid, revokedAt);
      const horizonMs = (ACCESS_TTL_S + CLOCK_TOLERANCE_S) * 1000 + OVERLAP_MS;
      kit.clock.set(new Date(revokedAt.getTime() + horizonMs));
      await kit.revocation.refresh();
      await expect(check()).rejects.toThrow(TokenRevokedError);
      kit.clock.advance(1);
      await kit.revocation.refresh();
      await expect(check()).resolves.toBeDefined();
      // By then the session's access token is past its expiry and the clock tolerance.
      await expect(kit.validator.validate(tokens.accessToken)).rejects.toThrow(
        'Token expired',
      );
    });

    it('keeps a revoked session as long as the signer may still accept its tokens', async () => {
      const tight = createHandlerKit({
        accessTokenTtlSeconds: ACCESS_TTL_S,
        clockToleranceSeconds: CLOCK_TOLERANCE_S,
        revocationPollOverlapMs: 0,
      });
      const { tokens: issued } = await tight.registerAndIssueTokens();
      await tight.revocation.refresh();
      await tight.sessions.revoke(
        issued.sessionId,
        'logout',
        tight.clock.now(),
      );
      tight.revocation.applySessionRevoked(issued.sessionId, tight.clock.now());
      // Past the token's exp but inside the signer's clock tolerance.
      tight.clock.advanceSeconds(ACCESS_TTL_S + CLOCK_TOLERANCE_S - 1);
      await tight.revocation.refresh();
      await expect(
        tight.validator.validate(issued.accessToken),
      ).rejects.toThrow(TokenRevokedError);
    });
  });

  describe('storage outage', () => {
    let outage: StorageOutage;
    let other: HandlerKit;

    beforeEach(async () => {
      outage = new StorageOutage();
      other = anotherInstance(
        kit,
        {},
        { rotationState: outage.wrap(kit.rotationState, ['get']) },
      );
      await check(other);
      outage.down = true;
    });

    it('keeps serving a state younger than the staleness limit', async () => {
      kit.clock.advance(MAX_STALENESS_MS);
      await expect(check(other)).resolves.toBeDefined();
      expect(other.revocation.stalenessMs()).toBe(MAX_STALENESS_MS);
    });

    it('fails closed with StorageUnavailable once the state is too old', async () => {
      kit.clock.advance(MAX_STALENESS_MS + 1);
      await expect(check(other)).rejects.toThrow(StorageUnavailableError);
      await expect(other.revocation.getGlobalState()).rejects.toThrow(
        StorageUnavailableError,
      );
    });

    it('recovers as soon as storage answers again', async () => {
      kit.clock.advance(MAX_STALENESS_MS + 1);
      await expect(check(other)).rejects.toThrow(StorageUnavailableError);
      outage.down = false;
      await expect(check(other)).resolves.toBeDefined();
      expect(other.revocation.stalenessMs()).toBe(0);
    });

    it('lets the failed refresh itself reject', async () => {
      await expect(other.revocation.refresh()).rejects.toThrow(
        'simulated storage outage',
      );
    });
  });

  describe('storage that never answers (a frozen server)', () => {
    const TIMEOUT_MS = 1_000;
    let frozen: boolean;
    let other: HandlerKit;
    /** What `promise` has come to once pending callbacks ran, without moving any timer. */
    const stateOf = (promise: Promise<unknown>) =>
      Promise.race([
        promise.then(
          () => 'served',
          (error: unknown) => error,
        ),
        settle().then(() => 'waiting'),
      ]);

    beforeEach(async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      frozen = false;
      const rotationState = intercept(kit.rotationState, ['get'], (call) =>
        frozen ? new Promise(() => undefined) : call(),
      );
      // Bounded as the module binds every repository.
      other = anotherInstance(
        kit,
        {},
        { rotationState: failClosed(rotationState, TIMEOUT_MS) },
      );
      await check(other);
      frozen = true;
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    it('inside revocationMaxStalenessMs, serves from memory at once instead of queueing behind a hanging poll, before and after it times out', async () => {
      const stuck = other.revocation.refresh().catch((error: unknown) => error);
      kit.clock.advance(REFRESH_MS * 2 + 1);
      expect(await stateOf(check(other))).toBe('served');

      await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
      expect(await stuck).toBeInstanceOf(StorageUnavailableError);
      kit.clock.advance(MAX_STALENESS_MS - REFRESH_MS * 2 - 1);
      expect(await stateOf(check(other))).toBe('served');
    });

    it('past it, waits for the poll no longer than storageTimeoutMs, then fails closed', async () => {
      kit.clock.advance(MAX_STALENESS_MS + 1);
      const outcome = check(other);
      expect(await stateOf(outcome)).toBe('waiting');
      await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
      expect(await stateOf(outcome)).toBeInstanceOf(StorageUnavailableError);
    });

    it('answers 503, not a 401, for a token newer than the state it cannot refresh', async () => {
      const outcome = check(other, { ...subject, gv: 2 }).catch(
        (error: unknown) => error,
      );
      await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
      expect(await outcome).toBeInstanceOf(StorageUnavailableError);
    });
  });

  describe('start-up while storage is down', () => {
    it('comes up, fails closed until a poll succeeds, then serves', async () => {
      const outage = new StorageOutage();
      const starting = anotherInstance(
        kit,
        {},
        { rotationState: outage.wrap(kit.rotationState, ['get']) },
      );
      outage.down = true;
      await expect(starting.revocation.onModuleInit()).resolves.toBeUndefined();
      await expect(check(starting)).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
      outage.down = false;
      // Served: the user has not changed since the token was issued (no change to override it).
      await expect(check(starting)).resolves.toBeNull();
      starting.revocation.onApplicationShutdown();
    });
  });

  describe('background polling', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('polls every interval after init and stops at shutdown', async () => {
      vi.useFakeTimers();
      const fresh = anotherInstance(kit);
      const get = vi.spyOn(kit.rotationState, 'get');
      await fresh.revocation.onModuleInit();
      expect(get).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(REFRESH_MS * 3);
      expect(get).toHaveBeenCalledTimes(4);
      fresh.revocation.onApplicationShutdown();
      await vi.advanceTimersByTimeAsync(REFRESH_MS * 3);
      expect(get).toHaveBeenCalledTimes(4);
    });
  });
});
