import { ConfigurableModuleBuilder } from '@nestjs/common';
import {
  RESOURCE_SERVER_EXTRAS_DEFAULTS,
  shapeResourceServerModule,
} from './resource-server.providers.js';
import type {
  ResourceServerModuleExtras,
  ResourceServerModuleOptions,
} from './resource-server.options.js';
import { RESOURCE_SERVER_MODULE_OPTIONS } from './resource-server.tokens.js';

// Same pattern as AuthModule: forRoot/forRootAsync (useFactory/useClass/useExisting) from the
// builder, the extras shaping the module for both.
export const {
  ConfigurableModuleClass: ConfigurableResourceServerModule,
  OPTIONS_TYPE: RESOURCE_SERVER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RESOURCE_SERVER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ResourceServerModuleOptions>({
  moduleName: 'TokenwardResourceServer',
  optionsInjectionToken: RESOURCE_SERVER_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras<ResourceServerModuleExtras>(
    RESOURCE_SERVER_EXTRAS_DEFAULTS,
    (definition, extras) =>
      shapeResourceServerModule(definition, withDefaults(extras)),
  )
  .build();

// An extra passed as `undefined` means "not set", not "override the default with undefined".
function withDefaults(
  extras: ResourceServerModuleExtras,
): Required<ResourceServerModuleExtras> {
  const set = Object.fromEntries(
    Object.entries(extras).filter(([, value]) => value !== undefined),
  );
  return { ...RESOURCE_SERVER_EXTRAS_DEFAULTS, ...set };
}
