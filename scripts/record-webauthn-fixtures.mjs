// Records the WebAuthn fixtures of the passkey handler specs (test/fixtures/webauthn/): one
// registration and three assertions of one credential, made by Chromium's virtual authenticator
// (DevTools WebAuthn domain) on a page served from http://localhost:PORT. Run once:
// `node scripts/record-webauthn-fixtures.mjs` (needs /usr/bin/chromium). The challenges are fixed
// so the specs can seed the challenge store with them; nothing in them expires.
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

const b64url = (text) => Buffer.from(text).toString('base64url');
const CHALLENGES = {
  registration: b64url('tokenward-fixture-registration-challenge'),
  first: b64url('tokenward-fixture-assertion-challenge-1'),
  second: b64url('tokenward-fixture-assertion-challenge-2'),
  discoverable: b64url('tokenward-fixture-assertion-challenge-3'),
};
const USER_ID = '0b0e5d6a-4f7e-4c1b-9a59-6c1d2f3e4a5b';

const server = createServer((_, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end('<!doctype html><title>fixtures</title>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;
const origin = `http://localhost:${port}`;
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--host-resolver-rules=MAP localhost 127.0.0.1'],
});
try {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  await page.goto(origin);
  const recorded = await page.evaluate(
    async ({ challenges, userId }) => {
      const bytes = (b64) =>
        Uint8Array.from(atob(b64.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
          c.charCodeAt(0),
        );
      const created = await navigator.credentials.create({
        publicKey: {
          challenge: bytes(challenges.registration),
          rp: { id: 'localhost', name: 'Tokenward' },
          user: {
            id: new TextEncoder().encode(userId),
            name: 'fixture',
            displayName: 'fixture',
          },
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          authenticatorSelection: {
            residentKey: 'required',
            userVerification: 'preferred',
          },
          attestation: 'none',
        },
      });
      const get = async (challenge, allow) =>
        (
          await navigator.credentials.get({
            publicKey: {
              challenge: bytes(challenge),
              rpId: 'localhost',
              userVerification: 'preferred',
              allowCredentials: allow
                ? [{ type: 'public-key', id: created.rawId }]
                : [],
            },
          })
        ).toJSON();
      return {
        registration: created.toJSON(),
        assertions: {
          first: await get(challenges.first, true),
          second: await get(challenges.second, true),
          discoverable: await get(challenges.discoverable, false),
        },
      };
    },
    { challenges: CHALLENGES, userId: USER_ID },
  );
  const fixture = {
    recordedWith: `Chromium virtual authenticator (ctap2, internal, resident key, UV), ${new Date().toISOString().slice(0, 10)}`,
    rpId: 'localhost',
    origin,
    userHandle: b64url(USER_ID),
    challenges: CHALLENGES,
    ...recorded,
  };
  writeFileSync(
    new URL('../test/fixtures/webauthn/chromium-passkey.json', import.meta.url),
    JSON.stringify(fixture, null, 2) + '\n',
  );
  process.stderr.write(`recorded at ${origin}\n`);
} finally {
  await browser.close();
  server.close();
}
