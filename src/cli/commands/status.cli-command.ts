import { Command } from 'nest-commander';
import { GetTokenwardStatusQuery } from '../../application/queries/get-tokenward-status/get-tokenward-status.query.js';
import {
  toGlobalRotationStateResponse,
  toSigningKeyListResponse,
} from '../../interface/http/presenters/http-response.presenter.js';
import type { CliOutput } from '../cli-runtime.js';
import {
  TokenwardCliCommand,
  type GlobalFlags,
} from './tokenward-cli-command.js';

/** `status`: `GetTokenwardStatusQuery`, as text or as the admin API's snake_case JSON. */
@Command({
  name: 'status',
  description: 'global versions, active users and sessions, signing keys',
  allowExcessArgs: true,
})
export class StatusCliCommand extends TokenwardCliCommand {
  protected execute(_args: string[], flags: GlobalFlags): Promise<CliOutput> {
    return this.runtime.withApp(flags.json === true, async ({ queries }) => {
      const status = await queries.execute(new GetTokenwardStatusQuery());
      const view = status.globalRotation;
      const keys = status.signingKeys;
      const active = keys.find((key) => key.status === 'active');
      const verifying = keys.filter(
        (key) => key.status === 'active' || key.status === 'retired',
      ).length;
      const signingKey =
        active === undefined
          ? 'none yet (created at the first login)'
          : `${active.kid} (${active.algorithm}), ${verifying} key(s) verifying`;
      let previous = 'none';
      if (view.previousVersion !== null) {
        const graceEnd = view.graceEndsAt?.toISOString() ?? 'unknown';
        previous =
          view.graceEndsAt !== null && view.graceEndsAt > status.readAt
            ? `${view.previousVersion} (accepted until ${graceEnd})`
            : `${view.previousVersion} (grace ended ${graceEnd})`;
      }
      return {
        json: {
          global_rotation: toGlobalRotationStateResponse(view),
          active_users: status.activeUsers,
          active_sessions: status.activeSessions,
          signing_keys: toSigningKeyListResponse(keys).keys,
        },
        text:
          `global token version: ${view.version}\n` +
          `previous version:     ${previous}\n` +
          `active users:         ${status.activeUsers}\n` +
          `active sessions:      ${status.activeSessions}\n` +
          `signing key:          ${signingKey}\n`,
      };
    });
  }
}
