import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { RegisterUserCommand } from '../application/commands/register-user/register-user.command.js';
import { TriggerGlobalTokenRotationCommand } from '../application/commands/trigger-global-token-rotation/trigger-global-token-rotation.command.js';
import { TriggerUserTokenRotationCommand } from '../application/commands/trigger-user-token-rotation/trigger-user-token-rotation.command.js';
import { GetGlobalRotationStateQuery } from '../application/queries/get-global-rotation-state/get-global-rotation-state.query.js';
import { TriggerSigningKeyRotationCommand } from '../application/commands/trigger-signing-key-rotation/trigger-signing-key-rotation.command.js';
import { GetSigningKeysQuery } from '../application/queries/get-signing-keys/get-signing-keys.query.js';
import { SigningKeyRingService } from '../application/services/signing-key-ring.service.js';
import {
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from '../domain/entities/signing-key-ring.entity.js';
import { SigningKeyMaterial } from '../domain/ports/signing-key-material.js';
import { ListActiveUsersQuery } from '../application/queries/list-active-users/list-active-users.query.js';
import { UserAlreadyExistsError } from '../domain/errors/user-already-exists.error.js';
import { UserNotFoundError } from '../domain/errors/user-not-found.error.js';
import { Clock } from '../domain/ports/clock.js';
import { SessionRepository } from '../domain/ports/session.repository.js';
import {
  toGlobalRotationResponse,
  toGlobalRotationStateResponse,
  toSigningKeyListResponse,
  toSigningKeyRotationResponse,
  toUserResponse,
  toUserRotationResponse,
} from '../interface/http/presenters/http-response.presenter.js';
import { openCliContext, type CliStorage } from './cli-context.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './cli-io.js';
import { CliUsageError } from './cli-usage.error.js';
import { USAGE } from './usage.js';

type CommandName =
  'create-admin' | 'rotate-global' | 'rotate-user' | 'rotate-keys' | 'status';

/** What each command accepts besides the global `--json` / `--help`. */
const COMMAND_FLAGS: Record<CommandName, readonly string[]> = {
  'create-admin': ['username', 'email'],
  'rotate-global': ['grace', 'reason'],
  'rotate-user': ['reason'],
  status: [],
  'rotate-keys': ['reason', 'revoke-previous'],
};
const POSITIONALS: Record<CommandName, number> = {
  'create-admin': 0,
  'rotate-global': 0,
  'rotate-user': 1,
  status: 0,
  'rotate-keys': 0,
};

// JSON and the human output share the HTTP API's snake_case presenters, so a script reading
// `tokenward status --json` and one calling the admin endpoints see the same field names.
interface Output {
  readonly json: Record<string, unknown>;
  readonly text: string;
}

/** A stdin password longer than this is refused rather than buffered (policy max is 1024 bytes). */
const MAX_STDIN_PASSWORD_BYTES = 64 * 1024;

/**
 * Runs one `tokenward` invocation (`argv` without the node and script paths) and returns its exit
 * code: 0 success, 1 the operation failed, 2 bad arguments or configuration. Never throws.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr.write(
        `error: ${error.message}\n${error.showUsage ? `\n${USAGE}` : ''}`,
      );
      return EXIT_USAGE;
    }
    io.stderr.write(`error: ${messageOf(error)}\n`);
    return EXIT_FAILURE;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0) {
    io.stderr.write(USAGE);
    return EXIT_USAGE;
  }
  const parsed = parse(argv);
  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const [name, ...positionals] = parsed.positionals;
  if (name === undefined) throw new CliUsageError('no command given');
  if (!isCommand(name)) throw new CliUsageError(`unknown command '${name}'`);
  checkArguments(name, positionals, parsed.values);

  const storage = storageFrom(io.env);
  const values = parsed.values;
  let run: (app: INestApplicationContext) => Promise<Output>;
  switch (name) {
    case 'create-admin': {
      const username = required(values.username, 'username');
      const email = required(values.email, 'email');
      // Read before connecting: a missing password is a usage error, not a storage round-trip.
      const password = await readPassword(io);
      run = (app) => createAdmin(app, username, email, password);
      break;
    }
    case 'rotate-global': {
      const grace =
        values.grace === undefined ? undefined : parseGrace(values.grace);
      run = (app) => rotateGlobal(app, grace, values.reason);
      break;
    }
    case 'rotate-user': {
      const userId = positionals[0] as string;
      run = (app) => rotateUser(app, userId, values.reason);
      break;
    }
    case 'rotate-keys': {
      const algorithm = signingAlgorithmFrom(io.env);
      const revokePrevious = values['revoke-previous'] === true;
      run = (app) =>
        rotateKeys(app, {
          reason: values.reason,
          revokePrevious,
          algorithm,
          hasSecret: storage.secret !== undefined,
        });
      break;
    }
    case 'status':
      run = status;
      break;
  }

  const app = await openCliContext(storage);
  let output: Output;
  try {
    output = await run(app);
  } finally {
    await app.close();
  }
  io.stdout.write(
    values.json ? `${JSON.stringify(output.json, null, 2)}\n` : output.text,
  );
  return EXIT_OK;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        username: { type: 'string' },
        email: { type: 'string' },
        grace: { type: 'string' },
        reason: { type: 'string' },
        'revoke-previous': { type: 'boolean' },
      },
    });
  } catch (error) {
    // parseArgs throws TypeErrors for unknown flags and missing or ambiguous values.
    throw new CliUsageError(messageOf(error));
  }
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_FLAGS, name);
}

function checkArguments(
  name: CommandName,
  positionals: string[],
  values: Record<string, unknown>,
): void {
  const allowed = new Set(['json', 'help', ...COMMAND_FLAGS[name]]);
  for (const [flag, value] of Object.entries(values)) {
    if (value !== undefined && !allowed.has(flag)) {
      throw new CliUsageError(`${name} does not take --${flag}`);
    }
  }
  const expected = POSITIONALS[name];
  if (positionals.length < expected) {
    throw new CliUsageError(`${name} needs a <user-id>`);
  }
  if (positionals.length > expected) {
    throw new CliUsageError(
      `unexpected argument '${positionals[expected]}' for ${name}`,
    );
  }
}

function storageFrom(env: CliIo['env']): CliStorage {
  const mongoUri = env.MONGODB_URI?.trim();
  if (!mongoUri) {
    throw new CliUsageError(
      'MONGODB_URI is not set: point it at the MongoDB your app uses',
      { showUsage: false },
    );
  }
  const collectionPrefix = env.TOKENWARD_COLLECTION_PREFIX?.trim() || undefined;
  const secret = env.TOKENWARD_SECRET;
  if (secret !== undefined && secret !== '') {
    if (Buffer.byteLength(secret, 'utf8') < 32) {
      throw new CliUsageError(
        "TOKENWARD_SECRET must be the app's secret (at least 32 bytes)",
        { showUsage: false },
      );
    }
    return { mongoUri, collectionPrefix, secret };
  }
  return { mongoUri, collectionPrefix };
}

function signingAlgorithmFrom(env: CliIo['env']): SigningAlgorithm | undefined {
  const raw = env.TOKENWARD_SIGNING_ALGORITHM?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!SIGNING_ALGORITHMS.includes(raw as SigningAlgorithm)) {
    throw new CliUsageError(
      `TOKENWARD_SIGNING_ALGORITHM must be one of ${SIGNING_ALGORITHMS.join(', ')} (got '${raw}')`,
      { showUsage: false },
    );
  }
  return raw as SigningAlgorithm;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') {
    throw new CliUsageError(`--${flag} is required`);
  }
  return value;
}

function parseGrace(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) {
    throw new CliUsageError(
      `--grace must be a whole number of seconds (got '${raw}')`,
    );
  }
  return Number(raw);
}

/**
 * From TOKENWARD_ADMIN_PASSWORD, else from piped stdin: never from argv, which lands in shell
 * history and `ps`. An interactive terminal is refused because reading it would echo the password.
 */
async function readPassword(io: CliIo): Promise<string> {
  const fromEnv = io.env.TOKENWARD_ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (io.stdin === undefined || io.stdin.isTTY) {
    throw new CliUsageError(
      'no password: set TOKENWARD_ADMIN_PASSWORD or pipe the password on stdin',
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_STDIN_PASSWORD_BYTES) {
      throw new CliUsageError('the password on stdin is too long');
    }
    chunks.push(buffer);
  }
  // `echo pw | tokenward ...` appends a newline that is not part of the password.
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password === '') {
    throw new CliUsageError(
      'no password: set TOKENWARD_ADMIN_PASSWORD or pipe the password on stdin',
    );
  }
  return password;
}

async function createAdmin(
  app: INestApplicationContext,
  username: string,
  email: string,
  password: string,
): Promise<Output> {
  try {
    const user = await app
      .get(CommandBus)
      .execute(new RegisterUserCommand(username, email, password, ['admin']));
    return {
      json: { ...toUserResponse(user) },
      text: `created admin '${user.username}' <${user.email}> with id ${user.id}\n`,
    };
  } catch (error) {
    if (error instanceof UserAlreadyExistsError) {
      throw new Error(
        `a user with username '${username}' or email '${email}' already exists`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function rotateGlobal(
  app: INestApplicationContext,
  grace: number | undefined,
  reason: string | undefined,
): Promise<Output> {
  const result = await app
    .get(CommandBus)
    .execute(new TriggerGlobalTokenRotationCommand(grace, reason));
  return {
    json: toGlobalRotationResponse(result),
    text:
      `global token version rotated: ${result.previousVersion} -> ${result.newVersion}\n` +
      `tokens of version ${result.previousVersion} are accepted until ` +
      `${result.graceEndsAt.toISOString()} (grace ${result.gracePeriodSeconds} s)\n`,
  };
}

async function rotateUser(
  app: INestApplicationContext,
  userId: string,
  reason: string | undefined,
): Promise<Output> {
  try {
    const result = await app
      .get(CommandBus)
      .execute(new TriggerUserTokenRotationCommand(userId, reason));
    return {
      json: toUserRotationResponse(result),
      text: `token version of user ${result.userId} rotated: ${result.previousVersion} -> ${result.newVersion}\n`,
    };
  } catch (error) {
    if (error instanceof UserNotFoundError) {
      throw new Error(`no user with id '${userId}'`, { cause: error });
    }
    throw error;
  }
}

async function rotateKeys(
  app: INestApplicationContext,
  options: {
    readonly reason: string | undefined;
    readonly revokePrevious: boolean;
    readonly algorithm: SigningAlgorithm | undefined;
    readonly hasSecret: boolean;
  },
): Promise<Output> {
  const ring = await app
    .get(SigningKeyRingService, { strict: false })
    .current();
  // Default: keep the algorithm the deployment signs with now.
  const algorithm = options.algorithm ?? ring?.active.algorithm ?? 'HS256';
  if (algorithm !== 'HS256' && !options.hasSecret) {
    throw new CliUsageError(
      `a new ${algorithm} key is sealed with the app's secret: set TOKENWARD_SECRET to it`,
      { showUsage: false },
    );
  }
  if (options.hasSecret && ring !== null) {
    // A key sealed under the wrong secret would leave every instance unable to sign.
    const material = app.get(SigningKeyMaterial, { strict: false });
    const sealed = ring.keys.find(
      (key) => key.sealedPrivateKey !== null && key.revokedAt === null,
    );
    if (sealed !== undefined && !material.canUse(sealed)) {
      throw new Error(
        "TOKENWARD_SECRET does not open the current signing keys: it is not the app's secret",
      );
    }
  }
  const result = await app
    .get(CommandBus)
    .execute(
      new TriggerSigningKeyRotationCommand(
        options.reason,
        undefined,
        options.revokePrevious,
        undefined,
        algorithm,
      ),
    );
  const previous =
    result.previousKeyVerifiesUntil === null
      ? `revoked (${result.revokedKids.length} key(s) stop verifying at once)`
      : `verifies its tokens until ${result.previousKeyVerifiesUntil.toISOString()}`;
  return {
    json: toSigningKeyRotationResponse(result),
    text:
      `signing key rotated: ${result.previousKid} -> ${result.kid} (${result.algorithm})\n` +
      `previous key ${previous}\n`,
  };
}

async function status(app: INestApplicationContext): Promise<Output> {
  const now = app.get(Clock, { strict: false }).now();
  const [view, users, activeSessions, keys] = await Promise.all([
    app.get(QueryBus).execute(new GetGlobalRotationStateQuery()),
    // One row is enough: only the page's total is used.
    app.get(QueryBus).execute(new ListActiveUsersQuery(0, 1)),
    app.get(SessionRepository, { strict: false }).countActive(now),
    app.get(QueryBus).execute(new GetSigningKeysQuery()),
  ]);
  const active = keys.find((key) => key.status === 'active');
  const verifying = keys.filter(
    (key) => key.status === 'active' || key.status === 'retired',
  ).length;
  const signingKey =
    active === undefined
      ? 'none yet (created at the first login)'
      : `${active.kid} (${active.algorithm}), ${verifying} key(s) verifying`;
  let previous = 'none';
  if (view.previousVersion !== null) {
    const graceEnd = view.graceEndsAt?.toISOString() ?? 'unknown';
    previous =
      view.graceEndsAt !== null && view.graceEndsAt > now
        ? `${view.previousVersion} (accepted until ${graceEnd})`
        : `${view.previousVersion} (grace ended ${graceEnd})`;
  }
  return {
    json: {
      global_rotation: toGlobalRotationStateResponse(view),
      active_users: users.total,
      active_sessions: activeSessions,
      signing_keys: toSigningKeyListResponse(keys).keys,
    },
    text:
      `global token version: ${view.version}\n` +
      `previous version:     ${previous}\n` +
      `active users:         ${users.total}\n` +
      `active sessions:      ${activeSessions}\n` +
      `signing key:          ${signingKey}\n`,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
