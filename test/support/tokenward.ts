// Tests import the module the way a host app would: through the public API barrel.
export * from '../../src/index.js';
export { CommandBus, QueryBus, EventBus } from '@nestjs/cqrs';
