import type { DynamicModule, Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock } from '../../domain/ports/clock.js';
import { SystemClock } from '../../infrastructure/clock/system.clock.js';
import { JwtAuthGuard } from '../../interface/http/guards/jwt-auth.guard.js';
import { RolesGuard } from '../../interface/http/guards/roles.guard.js';
import {
  SKIP_AUTHENTICATION,
  type ShouldSkipAuthentication,
} from '../../interface/http/guards/skip-authentication.js';

/** What either module resolved its options to, as far as the shared providers read it. */
export interface GuardOptions {
  readonly shouldSkipAuthentication: ShouldSkipAuthentication | null;
}

/** What one Tokenward module adds to the shared part. */
export interface TokenwardModuleParts {
  readonly global: boolean;
  /** Token of the module's resolved options (a `GuardOptions`). */
  readonly resolvedOptions: symbol;
  readonly imports?: NonNullable<DynamicModule['imports']>;
  readonly controllers?: NonNullable<DynamicModule['controllers']>;
  readonly providers: Provider[];
  /** The host's `providers` extra: appended last, so a host's provider for a token wins. */
  readonly hostProviders: Provider[];
  readonly exports: NonNullable<DynamicModule['exports']>;
}

/**
 * The module both Tokenward modules are: plain `CqrsModule` (the module is a guest: the host's
 * buses are not replaced), the clock, the guards and the `shouldSkipAuthentication` function they
 * consult, exported so the guards work on the host's own controllers (built in the host's module,
 * they look their dependencies up there).
 */
export function shapeTokenwardModule(
  definition: DynamicModule,
  parts: TokenwardModuleParts,
): DynamicModule {
  return {
    ...definition,
    global: parts.global,
    imports: [
      ...(definition.imports ?? []),
      CqrsModule,
      ...(parts.imports ?? []),
    ],
    controllers: parts.controllers ?? [],
    providers: [
      ...(definition.providers ?? []),
      { provide: Clock, useClass: SystemClock },
      {
        provide: SKIP_AUTHENTICATION,
        useFactory: (resolved: GuardOptions) =>
          resolved.shouldSkipAuthentication,
        inject: [parts.resolvedOptions],
      },
      JwtAuthGuard,
      RolesGuard,
      ...parts.providers,
      ...parts.hostProviders,
    ],
    exports: [
      ...(definition.exports ?? []),
      CqrsModule,
      JwtAuthGuard,
      RolesGuard,
      SKIP_AUTHENTICATION,
      // JwtAuthGuard reads the time of a step-up check from it, on host routes too.
      Clock,
      ...parts.exports,
    ],
  };
}
