import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AuthModuleExtras, AuthModuleOptions } from './auth.options.js';
import {
  AUTH_MODULE_EXTRAS_DEFAULTS,
  shapeAuthModule,
} from './auth.providers.js';
import { AUTH_MODULE_OPTIONS } from './auth.tokens.js';

// ConfigurableModuleBuilder gives forRoot/forRootAsync (useFactory/useClass/useExisting) without
// hand-written branches; the extras (storage, prefix, ...) shape the module for both.
export const {
  ConfigurableModuleClass: ConfigurableAuthModule,
  OPTIONS_TYPE: AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthModuleOptions>({
  moduleName: 'Tokenward',
  optionsInjectionToken: AUTH_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras<AuthModuleExtras>(
    AUTH_MODULE_EXTRAS_DEFAULTS,
    (definition, extras) => shapeAuthModule(definition, withDefaults(extras)),
  )
  .build();

// An extra passed as `undefined` means "not set", not "override the default with undefined".
function withDefaults(extras: AuthModuleExtras): Required<AuthModuleExtras> {
  const set = Object.fromEntries(
    Object.entries(extras).filter(([, value]) => value !== undefined),
  );
  return { ...AUTH_MODULE_EXTRAS_DEFAULTS, ...set };
}
