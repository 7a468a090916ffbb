/// <reference lib="dom" />
// Issue 16, passkeys in a real browser: Debian's headless Chromium (puppeteer-core) with its
// virtual authenticator (DevTools WebAuthn domain: ctap2, internal, resident key, user
// verification) drives the example's /demo page: sign in with the password, add a passkey; sign
// out; sign in with the password -> mfa_required -> "Use your passkey" -> tokens whose amr is
// pwd, hwk, mfa. The assertion the page sent, replayed, is refused; so is an assertion made on
// another origin. Memory store (the MongoDB one is covered in test/e2e/passkeys.e2e-spec.ts).
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import puppeteer, {
  type Browser,
  type CDPSession,
  type Page,
} from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp } from '../../example/bootstrap.js';
import { newUser, TEST_SECRET } from '../support/fixture-app.js';

const CHROMIUM = '/usr/bin/chromium';

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

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as {
    amr: string[];
    sub: string;
  };

describe.each(['express', 'fastify'] as const)(
  'passkeys on the /demo page in headless Chromium (%s)',
  (adapter) => {
    let app: INestApplication;
    let elsewhere: Server;
    let browser: Browser;
    let page: Page;
    let cdp: CDPSession;
    let authenticatorId: string;
    let origin: string;
    let otherOrigin: string;
    const user = newUser('passkey');
    /** The body the page posted to `/auth/mfa/webauthn/authenticate`. */
    let sentAssertion: { mfa_token: string; credential: unknown } | undefined;

    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
      };
    };
    const passwordLogin = () =>
      post('/auth/login', { username: user.username, password: user.password });
    const statusIs = (text: string) =>
      page.waitForFunction(
        (expected) =>
          document.getElementById('status')?.textContent === expected,
        {},
        text,
      );

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
      expect((await post('/auth/register', user)).status).toBe(201);
      // Another origin on the same relying-party id (another port of localhost).
      elsewhere = createHttpServer((_, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<!doctype html><title>elsewhere</title>');
      });
      await new Promise<void>((resolve) =>
        elsewhere.listen(0, '127.0.0.1', resolve),
      );
      const address = elsewhere.address();
      otherOrigin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;

      browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--host-resolver-rules=MAP localhost 127.0.0.1'],
      });
      page = await browser.newPage();
      cdp = await page.createCDPSession();
      await cdp.send('WebAuthn.enable');
      ({ authenticatorId } = await cdp.send(
        'WebAuthn.addVirtualAuthenticator',
        {
          options: {
            protocol: 'ctap2',
            transport: 'internal',
            hasResidentKey: true,
            hasUserVerification: true,
            isUserVerified: true,
          },
        },
      ));
      page.on('request', (request) => {
        if (
          request.method() === 'POST' &&
          request.url() === `${origin}/auth/mfa/webauthn/authenticate`
        ) {
          sentAssertion = JSON.parse(request.postData() ?? '{}') as never;
        }
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      elsewhere?.close();
    });

    it('adds a passkey after a password sign-in; the next login then asks for it', async () => {
      await page.goto(`${origin}/demo`);
      await page.type('#username', user.username);
      await page.type('#password', user.password);
      await page.click('#sign-in-button');
      await statusIs('Signed in');
      expect(
        await page.$eval('#who', (el) => (el as HTMLElement).dataset.amr),
      ).toBe('pwd');

      await page.click('#add-passkey');
      await statusIs('Passkey added');
      const held = await cdp.send('WebAuthn.getCredentials', {
        authenticatorId,
      });
      expect(held.credentials).toHaveLength(1);
      expect(held.credentials[0]?.rpId).toBe('localhost');

      const login = await passwordLogin();
      expect(login.status).toBe(200);
      expect(login.body.mfa_required).toBe(true);
      expect(login.body.methods).toEqual(['webauthn']);
      expect(login.body).not.toHaveProperty('access_token');
    });

    it('signs in with the password and then the passkey: tokens with amr pwd, hwk, mfa', async () => {
      await page.click('#sign-out');
      await statusIs('Signed out');
      await page.$eval('#username', (el) => {
        (el as HTMLInputElement).value = '';
      });
      await page.type('#username', user.username);
      await page.type('#password', user.password);
      await page.click('#sign-in-button');
      await statusIs('Second factor required');

      const answer = page.waitForResponse(
        (res) => res.url() === `${origin}/auth/mfa/webauthn/authenticate`,
      );
      await page.click('#use-passkey');
      const response = await answer;
      expect(response.status()).toBe(200);
      const body = (await response.json()) as {
        access_token: string;
        user: { id: string };
      };
      const claims = claimsOf(body.access_token);
      expect(claims.amr).toEqual(['pwd', 'hwk', 'mfa']);
      expect(claims.sub).toBe(body.user.id);
      await statusIs('Signed in with a passkey');
      expect(
        await page.$eval('#who', (el) => (el as HTMLElement).dataset.amr),
      ).toBe('pwd hwk mfa');
      await page.waitForSelector('#sessions li[data-current="true"]');
    });

    it('refuses the assertion the page sent, replayed with a fresh login', async () => {
      expect(sentAssertion).toBeDefined();
      const fresh = await passwordLogin();
      const replay = await post('/auth/mfa/webauthn/authenticate', {
        mfa_token: fresh.body.mfa_token,
        credential: sentAssertion!.credential,
      });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('invalid_mfa_code');
      // And the spent mfa_token of the page's login.
      const spent = await post(
        '/auth/mfa/webauthn/authenticate',
        sentAssertion,
      );
      expect(spent.status).toBe(401);
      expect(spent.body.code).toBe('invalid_mfa_token');
    });

    it('refuses an assertion the same passkey made on another origin', async () => {
      const login = await passwordLogin();
      const options = await post('/auth/mfa/webauthn/authenticate/options', {
        mfa_token: login.body.mfa_token,
      });
      expect(options.status).toBe(200);
      await page.goto(otherOrigin);
      const credential = await page.evaluate(async (json) => {
        const made = (await navigator.credentials.get({
          publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(
            json as unknown as PublicKeyCredentialRequestOptionsJSON,
          ),
        })) as PublicKeyCredential;
        return made.toJSON();
      }, options.body);
      const refused = await post('/auth/mfa/webauthn/authenticate', {
        mfa_token: login.body.mfa_token,
        credential,
      });
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('invalid_mfa_code');

      // The same login, passkey and kind of request from the demo's own origin pass: it was the
      // origin that was refused.
      const again = await post('/auth/mfa/webauthn/authenticate/options', {
        mfa_token: login.body.mfa_token,
      });
      await page.goto(`${origin}/demo`);
      const own = await page.evaluate(async (json) => {
        const made = (await navigator.credentials.get({
          publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(
            json as unknown as PublicKeyCredentialRequestOptionsJSON,
          ),
        })) as PublicKeyCredential;
        return made.toJSON();
      }, again.body);
      const accepted = await post('/auth/mfa/webauthn/authenticate', {
        mfa_token: login.body.mfa_token,
        credential: own,
      });
      expect(accepted.status).toBe(200);
      expect(claimsOf(accepted.body.access_token as string).amr).toEqual([
        'pwd',
        'hwk',
        'mfa',
      ]);
    });
  },
);
