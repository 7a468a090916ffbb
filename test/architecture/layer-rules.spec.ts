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
});
