import { Module } from '@nestjs/common';
import { ConfigurableAuthModule } from './auth.module-definition.js';

/**
 * Tokenward. Import `TokenwardModule.forRoot({ secret })` or `TokenwardModule.forRootAsync({
 * useFactory, inject })` (or the same as `AuthModule`), then protect routes with
 * `@UseGuards(JwtAuthGuard)`. Nest's logs name it by this class, so a host's own `AuthModule`
 * stays recognisable beside it.
 */
@Module({})
export class TokenwardModule extends ConfigurableAuthModule {}

/**
 * `TokenwardModule` under its first name: the same class, so `AuthModule.forRoot(...)` and
 * `moduleRef.get(AuthModule)` keep working. Import `TokenwardModule` where the host has an
 * `AuthModule` of its own.
 */
export const AuthModule = TokenwardModule;
/** See the `AuthModule` value. */
export type AuthModule = TokenwardModule;
