// Issue 13: every account flow over both HTTP adapters and both stores, with real mail: the
// module's nodemailer SMTP adapter delivers to an SMTP server in this process (smtp-server), the
// message is parsed (mailparser) and its link followed, as a user would.
import { describe, expect, it } from 'vitest';
import {
  ADAPTERS_AND_STORES,
  useStoredFixtureApp,
} from '../support/stored-fixture.js';
import {
  adminLogin,
  bearer,
  newUser,
  type FixtureApp,
} from '../support/fixture-app.js';
import { linkOf, useSmtpInbox, type SmtpInbox } from '../support/smtp-inbox.js';

const APP_URL = 'https://app.example.test';

function mailOptions(inbox: SmtpInbox) {
  return {
    appUrl: APP_URL,
    mail: {
      // Read when the app starts, after the inbox has its port.
      get smtpUrl() {
        return inbox.url;
      },
      from: 'Tokenward <no-reply@example.test>',
    },
  };
}

async function register(f: FixtureApp, prefix = 'acct') {
  const credentials = newUser(prefix);
  const response = await f.http
    .post('/auth/register')
    .send(credentials)
    .expect(201);
  return { credentials, userId: response.body.id as string };
}

async function login(f: FixtureApp, username: string, password: string) {
  return f.http.post('/auth/login').send({ username, password });
}

describe.each(ADAPTERS_AND_STORES)(
  'account flows with real mail (%s, %s)',
  (adapter, storage) => {
    const inbox = useSmtpInbox();
    const f = useStoredFixtureApp(storage, `account-${adapter}`, {
      adapter,
      options: mailOptions(inbox),
    });

    it('registration mails a verification link; following it verifies the address, once', async () => {
      const { credentials } = await register(f);
      const signedIn = await login(
        f,
        credentials.username,
        credentials.password,
      );
      expect(signedIn.body.user.email_verified).toBe(false);

      const mail = await inbox.waitFor(credentials.email);
      expect(mail.from).toContain('no-reply@example.test');
      const { url, token } = linkOf(mail);
      expect(`${url.origin}${url.pathname}`).toBe(`${APP_URL}/verify-email`);
      expect(mail.html).toContain(APP_URL);

      const verified = await f.http
        .post('/auth/email/verify')
        .send({ token })
        .expect(200);
      expect(verified.body).toMatchObject({
        email: credentials.email,
        email_verified: true,
      });
      const me = await f.http
        .get('/auth/me')
        .set(...bearer(signedIn.body.access_token))
        .expect(200);
      expect(me.body.email_verified).toBe(true);
      const again = await f.http
        .post('/auth/email/verify')
        .send({ token })
        .expect(400);
      expect(again.body.code).toBe('invalid_verification_token');
    });

    it('forgot password: the same 202 for known and unknown addresses, a mail only to the known one; the reset link sets the password once and revokes every session', async () => {
      const { credentials } = await register(f);
      const session = await login(
        f,
        credentials.username,
        credentials.password,
      );
      const unknown = `nobody-${Date.now()}@example.test`;

      const forUnknown = await f.http
        .post('/auth/password/forgot')
        .send({ email: unknown })
        .expect(202);
      const forKnown = await f.http
        .post('/auth/password/forgot')
        .send({ email: credentials.email.toUpperCase() })
        .expect(202);
      expect(forKnown.body).toEqual(forUnknown.body);

      const mail = await inbox.waitFor(credentials.email, 2);
      const { url, token } = linkOf(mail);
      expect(url.pathname).toBe('/reset-password');
      expect(inbox.to(unknown)).toEqual([]);

      await f.http
        .post('/auth/password/reset')
        .send({ token, new_password: 'a brand new password' })
        .expect(200);
      // Every session of the user is revoked: its access and refresh tokens stop at once.
      await f.http
        .get('/hello')
        .set(...bearer(session.body.access_token))
        .expect(401);
      await f.http
        .post('/auth/refresh')
        .send({ refresh_token: session.body.refresh_token })
        .expect(401);
      expect(
        (await login(f, credentials.username, credentials.password)).status,
      ).toBe(401);
      const fresh = await login(
        f,
        credentials.username,
        'a brand new password',
      );
      expect(fresh.status).toBe(200);
      // A reset link proves the address, so it verifies it too.
      expect(fresh.body.user.email_verified).toBe(true);

      const reused = await f.http
        .post('/auth/password/reset')
        .send({ token, new_password: 'yet another password' })
        .expect(400);
      expect(reused.body).toMatchObject({
        code: 'invalid_reset_token',
        message: 'The reset link is invalid or has expired',
      });
    });

    it('a token serves its own purpose only: reset, verification, access and refresh tokens are never taken for one another', async () => {
      const { credentials } = await register(f);
      const verification = linkOf(await inbox.waitFor(credentials.email)).token;
      await f.http
        .post('/auth/password/forgot')
        .send({ email: credentials.email })
        .expect(202);
      const reset = linkOf(await inbox.waitFor(credentials.email, 2)).token;
      const session = await login(
        f,
        credentials.username,
        credentials.password,
      );

      const asReset = await f.http
        .post('/auth/password/reset')
        .send({ token: verification, new_password: 'a brand new password' })
        .expect(400);
      expect(asReset.body.code).toBe('invalid_reset_token');
      const accessAsReset = await f.http
        .post('/auth/password/reset')
        .send({
          token: session.body.access_token.slice(0, 256),
          new_password: 'a brand new password',
        })
        .expect(400);
      expect(accessAsReset.body.code).toBe('invalid_reset_token');
      const refreshAsReset = await f.http
        .post('/auth/password/reset')
        .send({
          token: session.body.refresh_token,
          new_password: 'a brand new password',
        })
        .expect(400);
      expect(refreshAsReset.body.code).toBe('invalid_reset_token');
      const asVerification = await f.http
        .post('/auth/email/verify')
        .send({ token: reset })
        .expect(400);
      expect(asVerification.body.code).toBe('invalid_verification_token');
      await f.http
        .get('/hello')
        .set(...bearer(reset))
        .expect(401);
      await f.http
        .post('/auth/refresh')
        .send({ refresh_token: reset })
        .expect(401);

      // Both still work for their own purpose: the refusals above changed nothing.
      await f.http
        .post('/auth/email/verify')
        .send({ token: verification })
        .expect(200);
      await f.http
        .post('/auth/password/reset')
        .send({ token: reset, new_password: 'a brand new password' })
        .expect(200);
    });

    it('a later reset or a password change voids older reset links; an expired link is refused', async () => {
      const { credentials } = await register(f);
      await inbox.waitFor(credentials.email);
      const forgot = () =>
        f.http
          .post('/auth/password/forgot')
          .send({ email: credentials.email })
          .expect(202);
      await forgot();
      const first = linkOf(await inbox.waitFor(credentials.email, 2)).token;
      await forgot();
      const second = linkOf(await inbox.waitFor(credentials.email, 3)).token;

      await f.http
        .post('/auth/password/reset')
        .send({ token: second, new_password: 'second new password' })
        .expect(200);
      const older = await f.http
        .post('/auth/password/reset')
        .send({ token: first, new_password: 'first new password' })
        .expect(400);
      expect(older.body.code).toBe('invalid_reset_token');

      // A password change voids a link mailed before it.
      const { credentials: changer } = await register(f);
      await inbox.waitFor(changer.email);
      await f.http
        .post('/auth/password/forgot')
        .send({ email: changer.email })
        .expect(202);
      const beforeChange = linkOf(await inbox.waitFor(changer.email, 2)).token;
      const session = await login(f, changer.username, changer.password);
      await f.http
        .post('/auth/password/change')
        .set(...bearer(session.body.access_token))
        .send({
          current_password: changer.password,
          new_password: 'changed by hand',
        })
        .expect(200);
      expect(
        (
          await f.http
            .post('/auth/password/reset')
            .send({ token: beforeChange, new_password: 'stolen link' })
            .expect(400)
        ).body.code,
      ).toBe('invalid_reset_token');

      // Expiry: passwordResetTtlSeconds (1800 s) on the app's clock.
      const { credentials: other } = await register(f);
      await inbox.waitFor(other.email);
      await f.http
        .post('/auth/password/forgot')
        .send({ email: other.email })
        .expect(202);
      const late = linkOf(await inbox.waitFor(other.email, 2)).token;
      f.clock.advance(1800 * 1000);
      expect(
        (
          await f.http
            .post('/auth/password/reset')
            .send({ token: late, new_password: 'too late now' })
            .expect(400)
        ).body.code,
      ).toBe('invalid_reset_token');
    });

    it('change password: the other sessions stop at once, the caller gets new tokens of its own session', async () => {
      const { credentials } = await register(f);
      const caller = (
        await login(f, credentials.username, credentials.password)
      ).body;
      const other = (await login(f, credentials.username, credentials.password))
        .body;

      const wrong = await f.http
        .post('/auth/password/change')
        .set(...bearer(caller.access_token))
        .send({
          current_password: 'not it at all',
          new_password: 'new password 1',
        })
        .expect(400);
      expect(wrong.body.code).toBe('invalid_password');

      const changed = await f.http
        .post('/auth/password/change')
        .set(...bearer(caller.access_token))
        .send({
          current_password: credentials.password,
          new_password: 'new password 1',
        })
        .expect(200);
      expect(changed.body).toMatchObject({
        token_type: 'Bearer',
        revoked_sessions: 1,
      });
      expect(changed.headers['cache-control']).toBe('no-store');
      const sid = (token: string) =>
        JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
          .sid;
      expect(sid(changed.body.access_token)).toBe(sid(caller.access_token));

      for (const token of [other.access_token, caller.access_token]) {
        await f.http
          .get('/hello')
          .set(...bearer(token))
          .expect(401);
      }
      await f.http
        .post('/auth/refresh')
        .send({ refresh_token: other.refresh_token })
        .expect(401);
      await f.http
        .get('/hello')
        .set(...bearer(changed.body.access_token))
        .expect(200);
      await f.http
        .post('/auth/refresh')
        .send({ refresh_token: changed.body.refresh_token })
        .expect(200);
      expect(
        (await login(f, credentials.username, credentials.password)).status,
      ).toBe(401);
      expect(
        (await login(f, credentials.username, 'new password 1')).status,
      ).toBe(200);
    });

    it('change email: a notice to the old address, a link to the new one; the address changes only once confirmed', async () => {
      const { credentials } = await register(f);
      const session = (
        await login(f, credentials.username, credentials.password)
      ).body;
      const newEmail = `moved-${credentials.username}@example.test`;

      const wrong = await f.http
        .post('/auth/email/change')
        .set(...bearer(session.access_token))
        .send({ new_email: newEmail, password: 'not the password' })
        .expect(400);
      expect(wrong.body.code).toBe('invalid_password');
      await f.http
        .post('/auth/email/change')
        .set(...bearer(session.access_token))
        .send({ new_email: newEmail, password: credentials.password })
        .expect(202);

      const confirmation = await inbox.waitFor(newEmail);
      const notice = await inbox.waitForSubject(
        credentials.email,
        'Your email address is about to change',
      );
      expect(notice.text).toContain(newEmail);
      expect(notice.text).not.toContain('token=');
      const me = await f.http
        .get('/auth/me')
        .set(...bearer(session.access_token))
        .expect(200);
      expect(me.body.email).toBe(credentials.email);

      const { url, token } = linkOf(confirmation);
      expect(url.pathname).toBe('/confirm-email');
      const confirmed = await f.http
        .post('/auth/email/verify')
        .send({ token })
        .expect(200);
      expect(confirmed.body).toMatchObject({
        email: newEmail,
        email_verified: true,
      });
      expect((await login(f, newEmail, credentials.password)).status).toBe(200);
      expect(
        (await login(f, credentials.email, credentials.password)).status,
      ).toBe(401);
    });

    it('resend: a new verification link for a signed-in user; nothing once verified', async () => {
      const { credentials } = await register(f);
      const session = (
        await login(f, credentials.username, credentials.password)
      ).body;
      await inbox.waitFor(credentials.email);
      await f.http
        .post('/auth/email/verify/resend')
        .set(...bearer(session.access_token))
        .expect(202);
      const second = await inbox.waitFor(credentials.email, 2);
      await f.http
        .post('/auth/email/verify')
        .send({ token: linkOf(second).token })
        .expect(200);
      await f.http.post('/auth/email/verify/resend').expect(401);
    });

    it('admin: a user created with a password is verified and logs in; one without gets an invitation that sets its first password', async () => {
      const admin = await adminLogin(f);
      const withPassword = newUser('made');
      const created = await f.http
        .post('/auth/admin/users')
        .set(...bearer(admin.accessToken))
        .send({ ...withPassword, roles: ['user', 'staff'] })
        .expect(201);
      expect(created.body).toMatchObject({
        username: withPassword.username,
        email_verified: true,
        roles: ['staff', 'user'],
      });
      expect(
        (await login(f, withPassword.username, withPassword.password)).status,
      ).toBe(200);

      const invited = newUser('invited');
      await f.http
        .post('/auth/admin/users')
        .set(...bearer(admin.accessToken))
        .send({ username: invited.username, email: invited.email })
        .expect(201);
      const { url, token } = linkOf(await inbox.waitFor(invited.email));
      expect(url.pathname).toBe('/accept-invitation');
      await f.http
        .post('/auth/password/reset')
        .send({ token, new_password: invited.password })
        .expect(200);
      const signedIn = await login(f, invited.username, invited.password);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.email_verified).toBe(true);

      const audit = await f.http
        .get('/auth/admin/audit?limit=10')
        .set(...bearer(admin.accessToken))
        .expect(200);
      const actions = (audit.body.items as Array<{ action: string }>).map(
        (item) => item.action,
      );
      expect(actions).toEqual(
        expect.arrayContaining(['user_created', 'password_reset']),
      );
      expect(JSON.stringify(audit.body)).not.toContain(token);
    });

    it('admin password reset: every session stops, the user gets a reset mail', async () => {
      const admin = await adminLogin(f);
      const { credentials, userId } = await register(f);
      await inbox.waitFor(credentials.email);
      const session = (
        await login(f, credentials.username, credentials.password)
      ).body;

      const sent = await f.http
        .post(`/auth/admin/users/${userId}/password-reset`)
        .set(...bearer(admin.accessToken))
        .expect(202);
      expect(sent.body.revoked_sessions).toBe(1);
      await f.http
        .get('/hello')
        .set(...bearer(session.access_token))
        .expect(401);
      const { token } = linkOf(await inbox.waitFor(credentials.email, 2));
      await f.http
        .post('/auth/password/reset')
        .send({ token, new_password: 'reset by the admin' })
        .expect(200);
      expect(
        (await login(f, credentials.username, 'reset by the admin')).status,
      ).toBe(200);
      await f.http
        .post(
          '/auth/admin/users/00000000-0000-4000-8000-000000000000/password-reset',
        )
        .set(...bearer(admin.accessToken))
        .expect(404);
    });

    it('forgot is limited per address (mailPerAddressLimit: 3 per 900 s), known or not', async () => {
      for (const address of [`limited-${adapter}-${storage}@example.test`]) {
        for (let i = 0; i < 3; i += 1) {
          await f.http
            .post('/auth/password/forgot')
            .send({ email: address })
            .expect(202);
        }
        const limited = await f.http
          .post('/auth/password/forgot')
          .send({ email: address })
          .expect(429);
        expect(limited.body.code).toBe('rate_limited');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      }
    });
  },
);

describe.each(ADAPTERS_AND_STORES)(
  'requireVerifiedEmail and allowSelfRegistration (%s, %s)',
  (adapter, storage) => {
    const inbox = useSmtpInbox();
    const f = useStoredFixtureApp(storage, `verified-${adapter}`, {
      adapter,
      options: { ...mailOptions(inbox), requireVerifiedEmail: true },
    });

    it('registration answers the same 202 for a new, a taken username and a taken address; the owner of the address is told by mail', async () => {
      const first = newUser('strict');
      const created = await f.http
        .post('/auth/register')
        .send(first)
        .expect(202);
      const takenName = await f.http
        .post('/auth/register')
        .send({ ...newUser('other'), username: first.username })
        .expect(202);
      const takenEmail = await f.http
        .post('/auth/register')
        .send({ ...newUser('other'), email: first.email })
        .expect(202);
      expect(takenName.body).toEqual(created.body);
      expect(takenEmail.body).toEqual(created.body);

      const verification = await inbox.waitForSubject(
        first.email,
        'Confirm your email address',
      );
      const notice = await inbox.waitForSubject(
        first.email,
        'About your registration',
      );
      expect(linkOf(verification).url.pathname).toBe('/verify-email');
      expect(notice.text).toContain('already has one');
      expect(notice.text).not.toContain('token=');
    });

    it('login of an unverified address: 403 email_not_verified only once the password is right, with a new link', async () => {
      const user = newUser('unverified');
      await f.http.post('/auth/register').send(user).expect(202);
      await inbox.waitFor(user.email);

      const wrong = await login(f, user.username, 'not the password');
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('invalid_credentials');
      const right = await login(f, user.username, user.password);
      expect(right.status).toBe(403);
      expect(right.body.code).toBe('email_not_verified');
      expect(right.body).not.toHaveProperty('access_token');

      const fresh = await inbox.waitFor(user.email, 2);
      await f.http
        .post('/auth/email/verify')
        .send({ token: linkOf(fresh).token })
        .expect(200);
      expect((await login(f, user.username, user.password)).status).toBe(200);
    });
  },
);

describe.each(ADAPTERS_AND_STORES)(
  'allowSelfRegistration: false (%s, %s)',
  (adapter, storage) => {
    const inbox = useSmtpInbox();
    const f = useStoredFixtureApp(storage, `closed-${adapter}`, {
      adapter,
      options: { ...mailOptions(inbox), allowSelfRegistration: false },
    });

    it('refuses POST /auth/register with 403 registration_disabled; admins still create accounts', async () => {
      const refused = await f.http
        .post('/auth/register')
        .send(newUser('closed'))
        .expect(403);
      expect(refused.body.code).toBe('registration_disabled');
      const admin = await adminLogin(f);
      await f.http
        .post('/auth/admin/users')
        .set(...bearer(admin.accessToken))
        .send(newUser('closed'))
        .expect(201);
    });
  },
);
