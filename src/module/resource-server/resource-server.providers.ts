import { Logger, type DynamicModule } from '@nestjs/common';
import { ValidateAccessTokenRemotelyHandler } from '../../application/queries/validate-access-token/validate-access-token-remotely.handler.js';
import { Clock } from '../../domain/ports/clock.js';
import { RemoteAccessTokenVerifier } from '../../domain/ports/remote-access-token-verifier.js';
import { IntrospectionAccessTokenVerifier } from '../../infrastructure/remote/introspection-access-token.verifier.js';
import { JwksAccessTokenVerifier } from '../../infrastructure/remote/jwks-access-token.verifier.js';
import { shapeTokenwardModule } from '../shared/shared.providers.js';
import {
  resolveResourceServerOptions,
  type ResolvedResourceServerOptions,
} from './resource-server.options-resolver.js';
import type {
  ResourceServerModuleExtras,
  ResourceServerModuleOptions,
} from './resource-server.options.js';
import {
  RESOLVED_RESOURCE_SERVER_OPTIONS as RESOLVED_OPTIONS,
  RESOURCE_SERVER_MODULE_OPTIONS,
} from './resource-server.tokens.js';

/**
 * Composition root of a resource server: the remote verifier chosen by `verification.mode`, the
 * `ValidateAccessTokenQuery` handler that uses it, and the same guards as `AuthModule`. Nothing of
 * `AuthModule` (repositories, revocation state, its handlers) is registered.
 */
export function shapeResourceServerModule(
  definition: DynamicModule,
  extras: Required<ResourceServerModuleExtras>,
): DynamicModule {
  return shapeTokenwardModule(definition, {
    global: extras.isGlobal,
    resolvedOptions: RESOLVED_OPTIONS,
    providers: [
      {
        provide: RESOLVED_OPTIONS,
        useFactory: (options: ResourceServerModuleOptions) => {
          const resolved = resolveResourceServerOptions(options);
          const logger = new Logger('Tokenward');
          for (const warning of resolved.warnings) logger.warn(warning);
          return resolved;
        },
        inject: [RESOURCE_SERVER_MODULE_OPTIONS],
      },
      {
        provide: RemoteAccessTokenVerifier,
        useFactory: (resolved: ResolvedResourceServerOptions, clock: Clock) =>
          resolved.verification.mode === 'jwks'
            ? new JwksAccessTokenVerifier(resolved.verification, clock)
            : new IntrospectionAccessTokenVerifier(
                resolved.verification,
                clock,
              ),
        inject: [RESOLVED_OPTIONS, Clock],
      },
      ValidateAccessTokenRemotelyHandler,
    ],
    hostProviders: extras.providers,
    exports: [RemoteAccessTokenVerifier],
  });
}
