import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules live in eslint.config.js and run with `npm test`; this proves they bite, so a
// config edit cannot silently turn them off.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(
  filePath: string,
  code: string,
): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('architecture layer rules', () => {
  it('refuses domain code importing infrastructure, application, interface or a framework', async () => {
    const code = [
      "import { SystemClock } from '../../infrastructure/clock/system.clock.js';",
      "import { AuthConfig } from '../../application/auth-config.js';",
      "import { JwtAuthGuard } from '../../interface/http/guards/jwt-auth.guard.js';",
      "import { Injectable } from '@nestjs/common';",
      'export const x = [SystemClock, AuthConfig, JwtAuthGuard, Injectable];',
    ].join('\n');
    const messages = await restrictedImports('src/domain/ports/clock.ts', code);
    expect(messages).toHaveLength(4);
  });

  it('refuses application code importing infrastructure, interface or HTTP exceptions', async () => {
    const code = [
      "import { SystemClock } from '../../infrastructure/clock/system.clock.js';",
      "import { JwtAuthGuard } from '../../interface/http/guards/jwt-auth.guard.js';",
      "import { UnauthorizedException } from '@nestjs/common';",
      'export const x = [SystemClock, JwtAuthGuard, UnauthorizedException];',
    ].join('\n');
    const messages = await restrictedImports(
      'src/application/services/token-issuer.service.ts',
      code,
    );
    expect(messages).toHaveLength(3);
  });

  it('lets the application layer use the domain and Nest DI', async () => {
    const code = [
      "import { Injectable } from '@nestjs/common';",
      "import { Clock } from '../../domain/ports/clock.js';",
      'export const x = [Injectable, Clock];',
    ].join('\n');
    expect(
      await restrictedImports(
        'src/application/services/token-issuer.service.ts',
        code,
      ),
    ).toEqual([]);
  });

  it('refuses infrastructure code importing the HTTP interface', async () => {
    const code =
      "import { JwtAuthGuard } from '../../interface/http/guards/jwt-auth.guard.js';\nexport const x = JwtAuthGuard;";
    const messages = await restrictedImports(
      'src/infrastructure/clock/system.clock.ts',
      code,
    );
    expect(messages).toHaveLength(1);
  });

  it('refuses interface code importing infrastructure', async () => {
    const code = [
      "import { SystemClock } from '../../../infrastructure/clock/system.clock.js';",
      "import { failClosed } from '../../../infrastructure/persistence/fail-closed.js';",
      'export const x = [SystemClock, failClosed];',
    ].join('\n');
    const messages = await restrictedImports(
      'src/interface/http/guards/jwt-auth.guard.ts',
      code,
    );
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('must not depend on infrastructure/');
  });

  it.each([
    ['domain', 'src/domain/ports/clock.ts', '../..'],
    [
      'application',
      'src/application/services/token-issuer.service.ts',
      '../..',
    ],
    ['infrastructure', 'src/infrastructure/clock/system.clock.ts', '../..'],
    ['interface', 'src/interface/http/guards/jwt-auth.guard.ts', '../../..'],
  ])(
    'refuses %s code importing the module wiring or the CLI',
    async (_layer, file, up) => {
      const code = [
        `import { AuthModule } from '${up}/module/auth/auth.module.js';`,
        `import { AUTH_OPTION_TABLE } from '${up}/module/auth/auth.options.js';`,
        `import { runTokenwardCli } from '${up}/cli/run-tokenward-cli.js';`,
        'export const x = [AuthModule, AUTH_OPTION_TABLE, runTokenwardCli];',
      ].join('\n');
      const messages = await restrictedImports(file, code);
      expect(messages).toHaveLength(3);
      expect(messages.filter((m) => m.includes('module/'))).toHaveLength(2);
      expect(messages.filter((m) => m.includes('cli/'))).toHaveLength(1);
    },
  );

  it('refuses the module wiring importing the CLI', async () => {
    const code =
      "import { runTokenwardCli } from '../../cli/run-tokenward-cli.js';\nexport const x = runTokenwardCli;";
    const messages = await restrictedImports(
      'src/module/auth/auth.providers.ts',
      code,
    );
    expect(messages).toHaveLength(1);
  });

  it('lets the module wiring import every inner layer, and the CLI the module', async () => {
    const wiring = [
      "import { AuthConfig } from '../../application/auth-config.js';",
      "import { Clock } from '../../domain/ports/clock.js';",
      "import { SystemClock } from '../../infrastructure/clock/system.clock.js';",
      "import { JwtAuthGuard } from '../../interface/http/guards/jwt-auth.guard.js';",
      "import { shapeTokenwardModule } from '../shared/shared.providers.js';",
      'export const x = [AuthConfig, Clock, SystemClock, JwtAuthGuard, shapeTokenwardModule];',
    ].join('\n');
    const cli = [
      "import { TokenwardModule } from '../module/auth/auth.module.js';",
      "import { toUserResponse } from '../interface/http/presenters/http-response.presenter.js';",
      'export const x = [TokenwardModule, toUserResponse];',
    ].join('\n');
    expect(
      await restrictedImports('src/module/auth/auth.providers.ts', wiring),
    ).toEqual([]);
    expect(await restrictedImports('src/cli/env-app.ts', cli)).toEqual([]);
  });
});
