import type { PublicUser } from './public-user.dto.js';

/** One page of users. */
export class UserPage {
  constructor(
    readonly items: readonly PublicUser[],
    readonly skip: number,
    readonly limit: number,
    readonly total: number,
  ) {}
}
