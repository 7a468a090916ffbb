// The example app plus what the HTTP benchmark compares it with, run by bench/http.ts as a child
// process pinned to one core. Not a production entry point.
import 'reflect-metadata';
import {
  Controller,
  Get,
  Injectable,
  Module,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppModule } from '../example/app.module.js';
import { Public } from '../src/index.js';
import type { ExampleConfig } from '../example/example-env.js';

// The common recipe the benchmark compares against: passport-jwt with a plain string secret.
const BASELINE_SECRET = 'bench-baseline-string-secret-0123456789abcdef';

@Injectable()
class StringSecretJwtStrategy extends PassportStrategy(
  Strategy,
  'baseline-jwt',
) {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: BASELINE_SECRET,
      algorithms: ['HS256'],
    });
  }

  validate(payload: { sub: string; username: string }): {
    userId: string;
    username: string;
  } {
    return { userId: payload.sub, username: payload.username };
  }
}

// The example registers JwtAuthGuard globally: these routes are opened the way a host opens one
// (its passport route then has passport's guard only), and /bench/open pays the same global guard
// pipeline as /hello minus the token check.
@Controller('bench')
@Public()
class BenchController {
  constructor(private readonly jwt: JwtService) {}

  /** The open baseline: the same work as `/hello` minus any guard. */
  @Get('open')
  open(): { message: string } {
    return { message: `Hello, ${'bench-user'}!` };
  }

  /** The same work behind passport-jwt with a string secret. */
  @Get('passport')
  @UseGuards(AuthGuard('baseline-jwt'))
  passport(@Req() request: { user: { username: string } }): {
    message: string;
  } {
    return { message: `Hello, ${request.user.username}!` };
  }

  /** A token the passport baseline accepts. */
  @Get('passport-token')
  passportToken(): { token: string } {
    return {
      token: this.jwt.sign(
        { sub: 'bench', username: 'bench-user' },
        { expiresIn: '1h' },
      ),
    };
  }
}

async function main(): Promise<void> {
  // bench/http.ts sets PORT, TOKENWARD_ADAPTER, JWT_SECRET, NODE_ENV and the mail settings; the
  // example's ConfigModule validates them as on any start. The adapter is needed before the app
  // exists.
  const fastify = process.env.TOKENWARD_ADAPTER === 'fastify';

  @Module({
    imports: [
      // The login storm measures the argon2 gate; lockout and per-IP limits would answer it first.
      AppModule.register({
        authOverrides: { rateLimit: false, loginLockout: false },
      }),
      PassportModule,
      JwtModule.register({ secret: BASELINE_SECRET }),
    ],
    controllers: [BenchController],
    providers: [StringSecretJwtStrategy],
  })
  class BenchServerModule {}

  const app = fastify
    ? await NestFactory.create(BenchServerModule, new FastifyAdapter(), {
        logger: ['error'],
      })
    : await NestFactory.create(BenchServerModule, { logger: ['error'] });
  const { port } = app
    .get<ConfigService<ExampleConfig, true>>(ConfigService)
    .get('server', { infer: true });
  await app.listen(port, '127.0.0.1');
  process.stdout.write(`READY ${port}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
