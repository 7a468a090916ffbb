import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';

/** How one Tokenward module is built by `defineTokenwardModule`. */
export interface TokenwardModuleDefinition<Extras extends object> {
  /** Prefix of the generated names (`ConfigurableModuleClass`, ...). */
  readonly moduleName: string;
  /** Token of the raw options given to `forRoot` / returned by `forRootAsync`'s factory. */
  readonly optionsInjectionToken: symbol;
  /** Every module-shaping option's default. */
  readonly extrasDefaults: Required<Extras>;
  /** Builds the module from the builder's definition and the extras, defaults filled in. */
  readonly shape: (
    definition: DynamicModule,
    extras: Required<Extras>,
  ) => DynamicModule;
}

/**
 * `forRoot` / `forRootAsync` (useFactory, useClass, useExisting) from `ConfigurableModuleBuilder`,
 * as cache-manager builds its module, for both Tokenward modules: the extras (storage, prefix,
 * providers, ...) shape the module for both methods.
 */
export function defineTokenwardModule<Options, Extras extends object>(
  definition: TokenwardModuleDefinition<Extras>,
) {
  const { extrasDefaults, shape } = definition;
  return new ConfigurableModuleBuilder<Options>({
    moduleName: definition.moduleName,
    optionsInjectionToken: definition.optionsInjectionToken,
  })
    .setClassMethodName('forRoot')
    .setExtras<Extras>(extrasDefaults, (built, extras) =>
      shape(built, withDefaults(extrasDefaults, extras)),
    )
    .build();
}

// An extra passed as `undefined` means "not set", not "override the default with undefined".
function withDefaults<Extras extends object>(
  defaults: Required<Extras>,
  extras: Extras,
): Required<Extras> {
  const set = Object.fromEntries(
    Object.entries(extras).filter(([, value]) => value !== undefined),
  );
  return { ...defaults, ...set };
}
