import { Module } from '@nestjs/common';
import { ConfigurableAuthModule } from './auth.module-definition.js';

/**
 * Tokenward. Import `AuthModule.forRoot({ secret })` or `AuthModule.forRootAsync({ useFactory,
 * inject })`, then protect routes with `@UseGuards(JwtAuthGuard)`.
 */
@Module({})
export class AuthModule extends ConfigurableAuthModule {}
