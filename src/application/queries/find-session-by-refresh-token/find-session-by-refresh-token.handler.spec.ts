import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { RefreshTokenSession } from '../../dtos/refresh-token-session.dto.js';
import { FindSessionByRefreshTokenHandler } from './find-session-by-refresh-token.handler.js';
import { FindSessionByRefreshTokenQuery } from './find-session-by-refresh-token.query.js';

describe('FindSessionByRefreshTokenHandler', () => {
  let kit: HandlerKit;
  let tokens: AuthTokens;
  let userId: string;
  let find: (token: string) => Promise<RefreshTokenSession | null>;

  beforeEach(async () => {
    const started = await createKitWithSession();
    ({ kit, tokens } = started);
    userId = started.user.id;
    const handler = new FindSessionByRefreshTokenHandler(
      kit.sessions,
      kit.refreshTokens,
    );
    find = (token) =>
      handler.execute(new FindSessionByRefreshTokenQuery(token));
  });

  it('finds the session of the current refresh token and of one it rotated out', async () => {
    const expected = new RefreshTokenSession(userId, tokens.sessionId);
    expect(await find(tokens.refreshToken)).toEqual(expected);
    const rotated = await kit.refresh(tokens.refreshToken);
    expect(await find(rotated.refreshToken)).toEqual(expected);
    expect(await find(tokens.refreshToken)).toEqual(expected);
  });

  it('finds nothing for an unknown token or an access token', async () => {
    expect(await find('not-a-refresh-token')).toBeNull();
    expect(await find(tokens.accessToken)).toBeNull();
  });
});
