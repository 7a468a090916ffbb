import { defineTokenwardModule } from '../shared/shared.module-definition.js';
import {
  AUTH_MODULE_EXTRAS_DEFAULTS,
  type AuthModuleExtras,
  type AuthModuleOptions,
} from './auth.options.js';
import { shapeAuthModule } from './auth.providers.js';
import { AUTH_MODULE_OPTIONS } from './auth.tokens.js';

export const {
  ConfigurableModuleClass: ConfigurableAuthModule,
  OPTIONS_TYPE: AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_ASYNC_OPTIONS_TYPE,
} = defineTokenwardModule<AuthModuleOptions, AuthModuleExtras>({
  moduleName: 'Tokenward',
  optionsInjectionToken: AUTH_MODULE_OPTIONS,
  extrasDefaults: AUTH_MODULE_EXTRAS_DEFAULTS,
  shape: shapeAuthModule,
});
