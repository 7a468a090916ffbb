import { Command, Option } from 'nest-commander';
import { TriggerSigningKeyRotationCommand } from '../../application/commands/trigger-signing-key-rotation/trigger-signing-key-rotation.command.js';
import { GetTokenwardStatusQuery } from '../../application/queries/get-tokenward-status/get-tokenward-status.query.js';
import {
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from '../../domain/entities/signing-key-ring.entity.js';
import { toSigningKeyRotationResponse } from '../../interface/http/presenters/http-response.presenter.js';
import type { CliOutput } from '../cli-runtime.js';
import { CliUsageError } from '../cli-usage.error.js';
import { AuditedCliCommand, type AuditedFlags } from './audited-cli-command.js';

interface RotateKeysFlags extends AuditedFlags {
  readonly revokePrevious?: boolean;
}

/**
 * `rotate-keys`: `TriggerSigningKeyRotationCommand`. The previous key's verify-until comes from
 * the app's access-token lifetime (with `runTokenwardCli(AppModule)`; the packaged bin reads
 * `TOKENWARD_ACCESS_TTL_SECONDS`) and is stored with the key.
 */
@Command({
  name: 'rotate-keys',
  description: 'make a fresh signing key active',
  allowExcessArgs: true,
})
export class RotateKeysCliCommand extends AuditedCliCommand<RotateKeysFlags> {
  @Option({ flags: '--revoke-previous' })
  parseRevokePrevious(): boolean {
    return true;
  }

  protected execute(
    _args: string[],
    flags: RotateKeysFlags,
  ): Promise<CliOutput> {
    const requested = this.requestedAlgorithm();
    const { secret } = this.runtime.resolveApp();
    const revokePrevious = flags.revokePrevious === true;
    return this.runtime.withApp(
      flags.json === true,
      async ({ commands, queries }) => {
        let algorithm = requested;
        if (secret !== 'app') {
          // The packaged bin runs on the module's defaults, not the app's signing.algorithm:
          // keep the algorithm the deployment signs with now unless told otherwise.
          const status = await queries.execute(new GetTokenwardStatusQuery());
          const active = status.signingKeys.find((k) => k.status === 'active');
          algorithm ??= active?.algorithm ?? 'HS256';
          this.checkSecret(algorithm, secret, status, revokePrevious);
        }
        const result = await commands.execute(
          new TriggerSigningKeyRotationCommand(
            { reason: flags.reason },
            revokePrevious,
            algorithm,
          ),
        );
        const previous =
          result.previousKeyVerifiesUntil === null
            ? `revoked (${result.revokedKids.length} key(s) stop verifying at once)`
            : `verifies its tokens until ${result.previousKeyVerifiesUntil.toISOString()}`;
        return {
          json: toSigningKeyRotationResponse(result),
          text:
            `signing key rotated: ${result.previousKid} -> ${result.kid} (${result.algorithm})\n` +
            `previous key ${previous}\n`,
        };
      },
    );
  }

  /** `TOKENWARD_SIGNING_ALGORITHM`, or undefined for the default. */
  private requestedAlgorithm(): SigningAlgorithm | undefined {
    const raw = this.runtime.io.env.TOKENWARD_SIGNING_ALGORITHM?.trim();
    if (raw === undefined || raw === '') return undefined;
    if (!SIGNING_ALGORITHMS.includes(raw as SigningAlgorithm)) {
      throw new CliUsageError(
        `TOKENWARD_SIGNING_ALGORITHM must be one of ${SIGNING_ALGORITHMS.join(', ')} (got '${raw}')`,
        { showUsage: false },
      );
    }
    return raw as SigningAlgorithm;
  }

  /**
   * A new EdDSA/ES256 key is sealed under the secret the CLI runs with: it must be the app's, or
   * no instance could sign with the key. Without the app's module that is only known when
   * TOKENWARD_SECRET opens the keys already in the ring; `--revoke-previous` replaces those
   * anyway (the way back after the app's secret was changed on purpose).
   */
  private checkSecret(
    algorithm: SigningAlgorithm,
    secret: 'environment' | 'throwaway',
    status: { readonly secretOpensSigningKeys: boolean },
    revokePrevious: boolean,
  ): void {
    if (algorithm !== 'HS256' && secret === 'throwaway') {
      throw new CliUsageError(
        `a new ${algorithm} key is sealed with the app's secret: set TOKENWARD_SECRET to it`,
        { showUsage: false },
      );
    }
    if (
      secret === 'environment' &&
      !revokePrevious &&
      !status.secretOpensSigningKeys
    ) {
      throw new Error(
        "TOKENWARD_SECRET does not open the current signing keys: it is not the app's secret",
      );
    }
  }
}
