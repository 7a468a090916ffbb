import { beforeEach, describe, expect, it } from 'vitest';
import {
  createHandlerKit,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import type { PublicUser } from '../../dtos/public-user.dto.js';
import { ListActiveUsersQuery } from './list-active-users.query.js';
import { MAX_PAGE_SIZE } from './list-active-users.handler.js';

describe('ListActiveUsersHandler', () => {
  let kit: HandlerKit;
  let registered: PublicUser[];
  const list = (skip: number, limit: number) =>
    kit.handlers.listActiveUsers.execute(new ListActiveUsersQuery(skip, limit));
  const ids = (users: readonly PublicUser[]) => users.map((user) => user.id);

  beforeEach(async () => {
    kit = createHandlerKit();
    registered = [];
    for (let i = 0; i < 5; i += 1) {
      registered.push((await kit.registerUser()).user);
      kit.clock.advanceSeconds(1);
    }
  });

  it('lists active users oldest first, with the total', async () => {
    const page = await list(0, 10);
    expect(ids(page.items)).toEqual(ids(registered));
    expect(page).toMatchObject({ skip: 0, limit: 10, total: 5 });
    expect(page.items[0]).not.toHaveProperty('passwordHash');
  });

  it('pages with skip and limit', async () => {
    const page = await list(1, 2);
    expect(ids(page.items)).toEqual(ids(registered.slice(1, 3)));
    expect(page.total).toBe(5);
    await expect(list(5, 2)).resolves.toMatchObject({ items: [], total: 5 });
  });

  it('leaves out inactive users, in the items and the total', async () => {
    await kit.users.updateStatus(
      registered[1]!.id,
      { isActive: false },
      true,
      kit.clock.now(),
    );
    const page = await list(0, 10);
    expect(ids(page.items)).toEqual(
      ids([registered[0]!, ...registered.slice(2)]),
    );
    expect(page.total).toBe(4);
  });

  it('orders users created at the same instant by id', async () => {
    const same = createHandlerKit();
    for (let i = 0; i < 8; i += 1) await same.registerUser();
    const page = await same.handlers.listActiveUsers.execute(
      new ListActiveUsersQuery(0, 10),
    );
    expect(ids(page.items)).toEqual([...ids(page.items)].sort());
  });

  it('accepts the largest page size', async () => {
    await expect(list(0, MAX_PAGE_SIZE)).resolves.toMatchObject({
      limit: MAX_PAGE_SIZE,
    });
  });

  it.each([
    ['a negative skip', -1, 10],
    ['a fractional skip', 0.5, 10],
    ['a zero limit', 0, 0],
    ['a limit above the maximum', 0, MAX_PAGE_SIZE + 1],
    ['a fractional limit', 0, 2.5],
    ['a NaN limit', 0, Number.NaN],
  ])('refuses %s', async (_label, skip, limit) => {
    await expect(list(skip, limit)).rejects.toThrow(ValidationError);
  });
});
