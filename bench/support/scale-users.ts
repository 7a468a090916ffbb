import { User, Username } from '../../src/index.js';

/** The id of scale user `i`: a valid v4-shaped UUID both processes derive without talking. */
export function scaleUserId(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2VlZA$c2VlZA';

/** Users `scale<from>` … `scale<to - 1>`, as registration would store them. */
export function scaleUsers(from: number, to: number): User[] {
  const now = new Date();
  const users: User[] = [];
  for (let i = from; i < to; i += 1) {
    const name = `scale${i}`;
    const email = `${name}@example.test`;
    users.push(
      new User({
        id: scaleUserId(i),
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
      }),
    );
  }
  return users;
}
