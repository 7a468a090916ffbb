import type { User } from '../../src/index.js';
import { benchUser } from './users.js';

/** The id of scale user `i`: a valid v4-shaped UUID both processes derive without talking. */
export function scaleUserId(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** Users `scale<from>` … `scale<to - 1>`, as registration would store them. */
export function scaleUsers(from: number, to: number): User[] {
  const now = new Date();
  const users: User[] = [];
  for (let i = from; i < to; i += 1) {
    users.push(benchUser(scaleUserId(i), `scale${i}`, now));
  }
  return users;
}
