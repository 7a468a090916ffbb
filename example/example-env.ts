import { randomBytes } from 'node:crypto';
import type { AuthModuleOptions, IntrospectionClient } from '../src/index.js';

/** Everything the example app reads from the environment, validated once at start. */
export interface ExampleEnv {
  readonly port: number;
  readonly host: string;
  readonly adapter: 'express' | 'fastify';
  readonly mongodbUri: string | null;
  readonly admin: { username: string; email: string; password: string } | null;
  readonly auth: AuthModuleOptions;
  /** Set when no JWT_SECRET was given and a random one was generated (development only). */
  readonly generatedSecret: boolean;
}

/** Reads and validates the example's environment; throws with every problem listed. */
export function readExampleEnv(
  env: NodeJS.ProcessEnv = process.env,
): ExampleEnv {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  let secret = env.JWT_SECRET;
  let generatedSecret = false;
  if (secret === undefined || secret === '') {
    if (production)
      problems.push('JWT_SECRET is required when NODE_ENV=production');
    secret = randomBytes(48).toString('base64url');
    generatedSecret = true;
  }
  const int = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value)) problems.push(`${name} must be an integer`);
    return value;
  };
  const port = int('PORT') ?? 3000;
  const adminParts = [
    env.TOKENWARD_ADMIN_USERNAME,
    env.TOKENWARD_ADMIN_EMAIL,
    env.TOKENWARD_ADMIN_PASSWORD,
  ];
  const adminSet = adminParts.filter((v) => v !== undefined && v !== '').length;
  if (adminSet !== 0 && adminSet !== 3) {
    problems.push(
      'set all of TOKENWARD_ADMIN_USERNAME, TOKENWARD_ADMIN_EMAIL and TOKENWARD_ADMIN_PASSWORD, or none',
    );
  }
  const adapter = env.TOKENWARD_ADAPTER ?? 'express';
  if (adapter !== 'express' && adapter !== 'fastify') {
    problems.push('TOKENWARD_ADAPTER must be "express" or "fastify"');
  }
  const auth: AuthModuleOptions = {
    secret,
    issuer: env.TOKENWARD_ISSUER || undefined,
    audience: env.TOKENWARD_AUDIENCE || undefined,
    accessTokenTtlSeconds: int('TOKENWARD_ACCESS_TTL_SECONDS'),
    refreshReuseIntervalSeconds: int(
      'TOKENWARD_REFRESH_REUSE_INTERVAL_SECONDS',
    ),
    globalGracePeriodSeconds: int('TOKENWARD_GLOBAL_GRACE_SECONDS'),
    introspectionClients: parseClients(
      env.TOKENWARD_INTROSPECTION_CLIENTS,
      problems,
    ),
  };
  if (problems.length > 0) {
    throw new Error(`Invalid environment:\n - ${problems.join('\n - ')}`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    adapter: adapter as 'express' | 'fastify',
    mongodbUri: env.MONGODB_URI || null,
    admin:
      adminSet === 3
        ? {
            username: env.TOKENWARD_ADMIN_USERNAME as string,
            email: env.TOKENWARD_ADMIN_EMAIL as string,
            password: env.TOKENWARD_ADMIN_PASSWORD as string,
          }
        : null,
    auth,
    generatedSecret,
  };
}

// `id:secret,id2:secret2`; a secret may itself contain ':' (split at the first one only).
function parseClients(
  raw: string | undefined,
  problems: string[],
): IntrospectionClient[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').flatMap((pair) => {
    const colon = pair.indexOf(':');
    if (colon <= 0) {
      problems.push(
        'TOKENWARD_INTROSPECTION_CLIENTS must look like id:secret,id2:secret2',
      );
      return [];
    }
    return [
      {
        clientId: pair.slice(0, colon).trim(),
        clientSecret: pair.slice(colon + 1).trim(),
      },
    ];
  });
}
