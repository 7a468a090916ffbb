import type { PublicUser } from './public-user.dto.js';

/**
 * The outcome of a self-registration: the account, or (with `requireVerifiedEmail`) null whatever
 * happened, so the answer says nothing about which usernames and addresses are taken.
 */
export class SelfRegistration {
  constructor(readonly user: PublicUser | null) {}
}
