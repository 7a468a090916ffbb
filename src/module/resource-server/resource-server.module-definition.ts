import { defineTokenwardModule } from '../shared/shared.module-definition.js';
import {
  RESOURCE_SERVER_EXTRAS_DEFAULTS,
  type ResourceServerModuleExtras,
  type ResourceServerModuleOptions,
} from './resource-server.options.js';
import { shapeResourceServerModule } from './resource-server.providers.js';
import { RESOURCE_SERVER_MODULE_OPTIONS } from './resource-server.tokens.js';

export const {
  ConfigurableModuleClass: ConfigurableResourceServerModule,
  OPTIONS_TYPE: RESOURCE_SERVER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RESOURCE_SERVER_ASYNC_OPTIONS_TYPE,
} = defineTokenwardModule<
  ResourceServerModuleOptions,
  ResourceServerModuleExtras
>({
  moduleName: 'TokenwardResourceServer',
  optionsInjectionToken: RESOURCE_SERVER_MODULE_OPTIONS,
  extrasDefaults: RESOURCE_SERVER_EXTRAS_DEFAULTS,
  shape: shapeResourceServerModule,
});
