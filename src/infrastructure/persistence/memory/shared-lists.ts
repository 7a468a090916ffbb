import { flat } from './compact.js';

/** How many distinct lists one pool keeps: role sets and `amr` values are few in practice. */
const MAX_SHARED_LISTS = 256;

/** Lists longer than this are stored as their own copy: roles are capped at 32 per user. */
const MAX_SHARED_LIST_LENGTH = 32;

/**
 * One frozen copy of each distinct string list (a user's roles, a session's `amr`), so a million
 * users with the role `user` hold one array, not a million (about 56 bytes each). Frozen, so no
 * holder can change another's; the pool is bounded, and a list past the bound gets a frozen copy
 * of its own, as it would without the pool.
 */
export class SharedLists {
  private readonly lists = new Map<string, readonly string[]>();

  share(list: readonly string[]): readonly string[] {
    if (list.length > MAX_SHARED_LIST_LENGTH)
      return Object.freeze(list.map(flat));
    const key = JSON.stringify(list);
    let shared = this.lists.get(key);
    if (shared === undefined) {
      shared = Object.freeze(list.map(flat));
      if (this.lists.size < MAX_SHARED_LISTS) this.lists.set(key, shared);
    }
    return shared;
  }
}
