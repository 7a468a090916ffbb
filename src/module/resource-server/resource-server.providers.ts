import { Logger, type DynamicModule } from '@nestjs/common';
import { ValidateAccessTokenRemotelyHandler } from '../../application/queries/validate-access-token/validate-access-token-remotely.handler.js';
import { REVOCATION_EVENT_TYPES } from '../../application/services/ssf-event-applier.js';
import { SsfReceiverDenyState } from '../../application/services/ssf-receiver-deny-state.js';
import { SsfReceiverService } from '../../application/services/ssf-receiver.service.js';
import { Clock } from '../../domain/ports/clock.js';
import { RemoteAccessTokenVerifier } from '../../domain/ports/remote-access-token-verifier.js';
import { IntrospectionAccessTokenVerifier } from '../../infrastructure/remote/introspection-access-token.verifier.js';
import { HttpSsfTransmitterClient } from '../../infrastructure/remote/http-ssf-transmitter.client.js';
import { JoseSecurityEventVerifier } from '../../infrastructure/remote/jose-security-event.verifier.js';
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
 * `ValidateAccessTokenQuery` handler that uses it, the same guards as `AuthModule`, and with `ssf`
 * the Shared Signals receiver (its deny state, checked by the handler, and its poll loop). Nothing of
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
      {
        // `null` without `ssf`: the handler then checks nothing beyond the verifier.
        provide: SsfReceiverDenyState,
        useFactory: (resolved: ResolvedResourceServerOptions, clock: Clock) =>
          resolved.ssf === null
            ? null
            : new SsfReceiverDenyState(
                {
                  maxTokenLifetimeSeconds: resolved.ssf.maxTokenLifetimeSeconds,
                  clockToleranceSeconds:
                    resolved.verification.clockToleranceSeconds,
                },
                clock,
              ),
        inject: [RESOLVED_OPTIONS, Clock],
      },
      {
        provide: SsfReceiverService,
        useFactory: (
          resolved: ResolvedResourceServerOptions,
          clock: Clock,
          denyState: SsfReceiverDenyState | null,
        ) => {
          const { ssf, verification } = resolved;
          if (
            ssf === null ||
            denyState === null ||
            verification.mode !== 'jwks'
          )
            return null;
          return new SsfReceiverService(
            { pollIntervalMs: ssf.pollIntervalMs, maxEvents: 100 },
            new HttpSsfTransmitterClient(
              {
                issuer: verification.issuer,
                clientId: ssf.clientId,
                clientSecret: ssf.clientSecret,
                eventsRequested: REVOCATION_EVENT_TYPES,
                timeoutMs: ssf.timeoutMs,
              },
              clock,
            ),
            new JoseSecurityEventVerifier(
              {
                jwksUrl: verification.jwksUrl,
                issuer: verification.issuer,
                audience: ssf.clientId,
                algorithms: verification.algorithms,
                clockToleranceSeconds: verification.clockToleranceSeconds,
                cacheMaxAgeMs: verification.cacheMaxAgeMs,
                cooldownMs: verification.cooldownMs,
                timeoutMs: verification.timeoutMs,
              },
              clock,
            ),
            denyState,
          );
        },
        inject: [RESOLVED_OPTIONS, Clock, SsfReceiverDenyState],
      },
      ValidateAccessTokenRemotelyHandler,
    ],
    hostProviders: extras.providers,
    exports: [RemoteAccessTokenVerifier],
  });
}
