import { Module } from '@nestjs/common';
import { ConfigurableResourceServerModule } from './resource-server.module-definition.js';

/**
 * Tokenward for services that hold no user data (resource servers): `JwtAuthGuard` and
 * `RolesGuard` check tokens issued by a Tokenward auth app, through its JWKS or its introspection
 * endpoint. Import `TokenwardResourceServerModule.forRoot({ issuer, audience, verification })`
 * instead of `AuthModule`, never beside it (both answer the guard's query).
 */
@Module({})
export class TokenwardResourceServerModule extends ConfigurableResourceServerModule {}
