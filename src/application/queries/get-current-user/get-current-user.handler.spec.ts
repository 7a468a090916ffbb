import { beforeEach, describe, expect, it } from 'vitest';
import {
  createHandlerKit,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { GetCurrentUserQuery } from './get-current-user.query.js';

describe('GetCurrentUserHandler', () => {
  let kit: HandlerKit;
  const current = (id: string) =>
    kit.handlers.getCurrentUser.execute(new GetCurrentUserQuery(id));

  beforeEach(() => {
    kit = createHandlerKit();
  });

  it('returns the public profile, without the password hash', async () => {
    const { user } = await kit.registerUser({
      username: 'Alice',
      email: 'alice@example.com',
    });
    const profile = await current(user.id);
    expect(profile).toEqual(
      new PublicUser(
        user.id,
        'Alice',
        'alice@example.com',
        true,
        ['user'],
        kit.clock.now(),
        false,
      ),
    );
    expect(JSON.stringify(profile)).not.toContain('argon2');
  });

  it('reads storage, so a change made elsewhere shows at once', async () => {
    const { user, tokens } = await kit.registerAndIssueTokens();
    // Warm the validation cache, then change the user behind its back (another instance).
    await kit.validator.validate(tokens.accessToken);
    await kit.users.updateStatus(
      user.id,
      { roles: ['admin'] },
      false,
      kit.clock.now(),
    );
    await expect(current(user.id)).resolves.toMatchObject({ roles: ['admin'] });
  });

  it('refuses an unknown user as an invalid token (its principal names nobody)', async () => {
    await expect(current('no-such-user')).rejects.toThrow(InvalidTokenError);
  });
});
