import { Logger, type DynamicModule, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ValidateAccessTokenRemotelyHandler } from '../../application/queries/validate-access-token/validate-access-token-remotely.handler.js';
import { Clock } from '../../domain/ports/clock.js';
import { RemoteAccessTokenVerifier } from '../../domain/ports/remote-access-token-verifier.js';
import { SystemClock } from '../../infrastructure/clock/system.clock.js';
import { IntrospectionAccessTokenVerifier } from '../../infrastructure/remote/introspection-access-token.verifier.js';
import { JwksAccessTokenVerifier } from '../../infrastructure/remote/jwks-access-token.verifier.js';
import { SKIP_AUTHENTICATION } from '../../interface/http/guards/skip-authentication.js';
import { JwtAuthGuard } from '../../interface/http/guards/jwt-auth.guard.js';
import { RolesGuard } from '../../interface/http/guards/roles.guard.js';
import {
  resolveResourceServerOptions,
  type ResolvedResourceServerOptions,
  type ResourceServerModuleExtras,
  type ResourceServerModuleOptions,
} from './resource-server.options.js';
import { RESOURCE_SERVER_MODULE_OPTIONS } from './resource-server.tokens.js';

/** Internal token of the validated options (never exported: it holds the client secret). */
const RESOLVED_OPTIONS = Symbol('TOKENWARD_RESOURCE_SERVER_RESOLVED_OPTIONS');

/** Defaults of the module-shaping options (see `ResourceServerModuleExtras`). */
export const RESOURCE_SERVER_EXTRAS_DEFAULTS: Required<ResourceServerModuleExtras> =
  {
    isGlobal: true,
    providers: [],
  };

/**
 * Composition root of a resource server: the remote verifier chosen by `verification.mode`, the
 * `ValidateAccessTokenQuery` handler that uses it, and the same guards as `AuthModule`. Nothing of
 * `AuthModule` (repositories, revocation state, its handlers) is registered.
 */
export function shapeResourceServerModule(
  definition: DynamicModule,
  extras: Required<ResourceServerModuleExtras>,
): DynamicModule {
  const providers: Provider[] = [
    ...(definition.providers ?? []),
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
    { provide: Clock, useClass: SystemClock },
    {
      provide: RemoteAccessTokenVerifier,
      useFactory: (resolved: ResolvedResourceServerOptions, clock: Clock) =>
        resolved.verification.mode === 'jwks'
          ? new JwksAccessTokenVerifier(resolved.verification, clock)
          : new IntrospectionAccessTokenVerifier(resolved.verification, clock),
      inject: [RESOLVED_OPTIONS, Clock],
    },
    {
      provide: SKIP_AUTHENTICATION,
      useFactory: (resolved: ResolvedResourceServerOptions) =>
        resolved.shouldSkipAuthentication,
      inject: [RESOLVED_OPTIONS],
    },
    ValidateAccessTokenRemotelyHandler,
    JwtAuthGuard,
    RolesGuard,
    // Last, so a host's provider for the same token replaces the default.
    ...extras.providers,
  ];
  return {
    ...definition,
    global: extras.isGlobal,
    imports: [...(definition.imports ?? []), CqrsModule],
    providers,
    exports: [
      ...(definition.exports ?? []),
      CqrsModule,
      JwtAuthGuard,
      RolesGuard,
      SKIP_AUTHENTICATION,
      RemoteAccessTokenVerifier,
    ],
  };
}
