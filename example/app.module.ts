import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule, TokenwardHealthService } from '../src/index.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { ExampleController } from './example.controller.js';
import type { ExampleEnv } from './example-env.js';
import { EXAMPLE_ADMIN } from './example.tokens.js';

/** The example host app: Tokenward on MongoDB when MONGODB_URI is set, in memory otherwise. */
@Module({})
export class AppModule {
  static register(env: ExampleEnv): DynamicModule {
    const storage = env.mongodbUri === null ? 'memory' : 'mongoose';
    return {
      module: AppModule,
      imports: [
        ...(env.mongodbUri === null
          ? []
          : [MongooseModule.forRoot(env.mongodbUri)]),
        AuthModule.forRootAsync({
          useFactory: () => env.auth,
          storage,
          // The example is the whole app: every error, host routes included, in one format.
          globalErrorFilter: true,
        }),
      ],
      controllers: [ExampleController],
      providers: [
        { provide: EXAMPLE_ADMIN, useValue: env.admin },
        AdminBootstrapService,
        // Its dependencies come from the (global) AuthModule.
        TokenwardHealthService,
      ],
    };
  }
}
