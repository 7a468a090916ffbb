import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { User, UserRepository, Username } from '../../src/index.js';

const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2VlZA$c2VlZA';

/**
 * A user named `name` as registration would store it (active, role `user`, address
 * `<name>@example.test`), with a placeholder hash: the benchmarks never log these users in.
 */
export function benchUser(id: string, name: string, now: Date): User {
  const email = `${name}@example.test`;
  return new User({
    id,
    username: name,
    usernameNormalized: name,
    usernameKey: Username.keyOf(name),
    email,
    emailNormalized: email,
    emailVerified: false,
    passwordHash: PASSWORD_HASH,
    isActive: true,
    roles: ['user'],
    tokenVersion: 1,
    passwordVersion: 1,
    createdAt: now,
    updatedAt: now,
    stateChangedAt: now,
  });
}

/**
 * Inserts users `seed<from>` … `seed<to - 1>` straight through the repository (password hashing
 * is not what the benchmarks measure), 500 at a time; returns their ids in order.
 */
export async function seedUsers(
  app: INestApplicationContext,
  from: number,
  to: number,
): Promise<string[]> {
  const users = app.get(UserRepository);
  const now = new Date();
  const ids: string[] = [];
  for (let start = from; start < to; start += 500) {
    const batch: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(to, start + 500); i += 1) {
      const id = randomUUID();
      ids.push(id);
      batch.push(users.create(benchUser(id, `seed${i}`, now)));
    }
    await Promise.all(batch);
  }
  return ids;
}
