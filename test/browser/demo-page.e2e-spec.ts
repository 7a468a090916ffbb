/// <reference lib="dom" />
// Issue 14, browser clients: the example app with TOKENWARD_REFRESH_COOKIE=1 serves /demo, which a
// real headless Chromium (Debian's, driven by puppeteer-core) signs in with, lists the sessions,
// refreshes silently and signs out — and the refresh token is never readable by the page's
// JavaScript: not in document.cookie, not in localStorage or sessionStorage.
import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp } from '../../example/bootstrap.js';
import { newUser, TEST_SECRET } from '../support/fixture-app.js';

const CHROMIUM = '/usr/bin/chromium';

/** A port nothing listens on now (the app's own origins are built from PORT). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

/** What the page's JavaScript can see of cookies and storage. */
async function visibleToScript(page: Page): Promise<string> {
  return page.evaluate(() => {
    const storage = (s: Storage) =>
      Array.from({ length: s.length }, (_, i) => {
        const key = s.key(i) ?? '';
        return `${key}=${s.getItem(key) ?? ''}`;
      }).join(';');
    return [
      document.cookie,
      storage(localStorage),
      storage(sessionStorage),
      document.documentElement.outerHTML,
    ].join('\n');
  });
}

describe.each(['express', 'fastify'] as const)(
  'the /demo page in headless Chromium (%s)',
  (adapter) => {
    let app: INestApplication;
    let browser: Browser;
    let page: Page;
    let origin: string;
    const user = newUser('browser');

    beforeAll(async () => {
      const port = await freePort();
      origin = `http://localhost:${port}`;
      app = await createExampleApp({
        adapter,
        logger: false,
        env: {
          JWT_SECRET: TEST_SECRET,
          PORT: String(port),
          TOKENWARD_REFRESH_COOKIE: '1',
        },
      });
      await app.listen(port, '127.0.0.1');
      const registered = await fetch(`${origin}/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(user),
      });
      expect(registered.status).toBe(201);
      browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        // Root has no sandbox; localhost is the loopback address the app listens on.
        args: ['--no-sandbox', '--host-resolver-rules=MAP localhost 127.0.0.1'],
      });
      page = await browser.newPage();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    const statusText = () => page.$eval('#status', (el) => el.textContent);
    const refreshCookie = async () =>
      (await browser.cookies()).find((c) => c.name === 'tokenward_refresh');

    it('signs in: the refresh token sits in an HttpOnly cookie the page cannot read', async () => {
      await page.goto(`${origin}/demo`);
      await page.type('#username', user.username);
      await page.type('#password', user.password);
      await page.click('#sign-in-button');
      await page.waitForSelector('#sessions li[data-current="true"]');

      expect(await statusText()).toBe('Signed in');
      const cookie = await refreshCookie();
      expect(cookie).toMatchObject({
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
        path: '/auth',
      });
      expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const seen = await visibleToScript(page);
      expect(seen).toContain('tokenward_csrf=');
      expect(seen).not.toContain(cookie!.value);
      expect(seen).not.toContain('tokenward_refresh');
      expect(
        await page.$eval(
          '#sessions li[data-current="true"]',
          (el) => el.textContent,
        ),
      ).toContain('Tokenward demo');
    });

    it('refreshes through the cookie: a new refresh token, still out of the page’s reach', async () => {
      const before = (await refreshCookie())!.value;
      await page.click('#refresh');
      await page.waitForFunction(
        () =>
          document.getElementById('status')?.textContent ===
          'Signed in (refreshed 1x)',
      );

      const after = (await refreshCookie())!.value;
      expect(after).not.toBe(before);
      const seen = await visibleToScript(page);
      expect(seen).not.toContain(after);
      expect(seen).not.toContain(before);
    });

    it('a script on the page that skips the CSRF header gets 403 csrf_failed', async () => {
      const answer = await page.evaluate(async () => {
        const res = await fetch('/auth/refresh', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        return { status: res.status, body: (await res.json()) as unknown };
      });
      expect(answer).toMatchObject({
        status: 403,
        body: { code: 'csrf_failed' },
      });
    });

    it('signs out: the session ends and the cookies are gone', async () => {
      const last = (await refreshCookie())!.value;
      await page.click('#sign-out');
      await page.waitForFunction(
        () => document.getElementById('status')?.textContent === 'Signed out',
      );

      expect(await refreshCookie()).toBeUndefined();
      expect(await page.evaluate(() => document.cookie)).toBe('');
      const replay = await fetch(`${origin}/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: last }),
      });
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as { code: string }).code).toBe(
        'token_revoked',
      );
    });
  },
);
