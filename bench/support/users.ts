import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { User, UserRepository, Username } from '../../src/index.js';

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
      batch.push(
        users.create(
          new User({
            id,
            username: `seed${i}`,
            usernameNormalized: `seed${i}`,
            usernameKey: Username.keyOf(`seed${i}`),
            email: `seed${i}@example.test`,
            emailNormalized: `seed${i}@example.test`,
            emailVerified: false,
            passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2VlZA$c2VlZA',
            isActive: true,
            roles: ['user'],
            tokenVersion: 1,
            passwordVersion: 1,
            createdAt: now,
            updatedAt: now,
            stateChangedAt: now,
          }),
        ),
      );
    }
    await Promise.all(batch);
  }
  return ids;
}
