import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerAndLogin, startFixtureApp, type FixtureApp } from '../support/fixture-app.js';

describe('smoke', () => {
  let f: FixtureApp;
  beforeAll(async () => {
    f = await startFixtureApp({ adapter: 'express' });
  });
  afterAll(() => f.close());
  it('register, login, hello', async () => {
    const s = await registerAndLogin(f);
    const res = await f.http.get('/hello').set(...bearer(s.accessToken));
    console.log(res.status, res.body);
    expect(res.status).toBe(200);
  });
});
