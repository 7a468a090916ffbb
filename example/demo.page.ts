// The /demo page: a browser client of Tokenward that keeps the access token in memory only and
// the refresh token in the HttpOnly cookie (TOKENWARD_REFRESH_COOKIE=1), never in JavaScript's
// reach. Served as two resources because the Content-Security-Policy allows scripts from 'self'
// only (no inline script). Passkeys: "Add a passkey" registers one after sign-in; a later sign-in
// answered `mfa_required` offers "Use your passkey" (the WebAuthn assertion completes the login).

/** The page. */
export const DEMO_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tokenward demo</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  li[data-current="true"] { font-weight: bold; }
  [hidden] { display: none; }
</style>
</head>
<body>
<h1>Tokenward demo</h1>
<p id="status" role="status">Signed out</p>
<form id="sign-in">
  <label>Username <input id="username" name="username" autocomplete="username" required></label>
  <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
  <button id="sign-in-button" type="submit">Sign in</button>
</form>
<section id="second-factor" hidden>
  <p>This account has a second factor.</p>
  <button id="use-passkey" type="button">Use your passkey</button>
</section>
<section id="signed-in" hidden>
  <p id="who"></p>
  <button id="refresh" type="button">Refresh now</button>
  <button id="sign-out" type="button">Sign out</button>
  <button id="add-passkey" type="button">Add a passkey</button>
  <h2>Where you are signed in</h2>
  <ul id="sessions"></ul>
</section>
<script src="/demo/app.js"></script>
</body>
</html>
`;

/** The page's script: fetch with the cookie (same origin) and the in-memory access token. */
export const DEMO_SCRIPT = `'use strict';
(() => {
  // The access token lives in this closure only: not in storage, not on window.
  let accessToken = null;
  let refreshTimer = null;
  let refreshes = 0;
  const $ = (id) => document.getElementById(id);
  const status = (text) => { $('status').textContent = text; };

  // The double-submit token: the one cookie JavaScript may read (the refresh cookie is HttpOnly).
  const csrfToken = () => {
    const entry = document.cookie.split('; ').find((c) => c.startsWith('tokenward_csrf='));
    return entry === undefined ? '' : decodeURIComponent(entry.slice('tokenward_csrf='.length));
  };

  async function call(method, path, body, withCsrf) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (accessToken !== null && !withCsrf) headers.Authorization = 'Bearer ' + accessToken;
    if (withCsrf) headers['X-CSRF-Token'] = csrfToken();
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text) };
  }

  function schedule(expiresIn) {
    clearTimeout(refreshTimer);
    // Silently, a minute before the access token expires.
    refreshTimer = setTimeout(() => { void refresh(); }, Math.max(5, expiresIn - 60) * 1000);
  }

  async function refresh() {
    const res = await call('POST', '/auth/refresh', {}, true);
    if (res.status !== 200) { signedOut('Session ended (' + res.body.code + ')'); return false; }
    accessToken = res.body.access_token;
    refreshes += 1;
    schedule(res.body.expires_in);
    status('Signed in (refreshed ' + refreshes + 'x)');
    await showSessions();
    return true;
  }

  async function showSessions() {
    const res = await call('GET', '/auth/sessions');
    const list = $('sessions');
    list.replaceChildren();
    if (res.status !== 200) return;
    for (const s of res.body.sessions) {
      const item = document.createElement('li');
      item.dataset.id = s.id;
      item.dataset.current = String(s.current);
      item.textContent = (s.device_name || 'unnamed device') + ' — ' +
        (s.last_used_user_agent || 'unknown browser') + ', last used ' + s.last_used_at +
        (s.current ? ' (this one)' : '');
      list.append(item);
    }
  }

  function signedOut(text) {
    accessToken = null;
    clearTimeout(refreshTimer);
    $('signed-in').hidden = true;
    $('second-factor').hidden = true;
    $('sign-in').hidden = false;
    $('sessions').replaceChildren();
    status(text);
  }

  // The pending login's mfa_token, between the password and the second factor (memory only).
  let mfaToken = null;

  async function signedIn(body, text) {
    accessToken = body.access_token;
    schedule(body.expires_in);
    // What the token says about how the user authenticated (RFC 8176 amr), for show.
    const claims = JSON.parse(atob(accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    $('who').textContent = 'Signed in as ' + body.user.username;
    $('who').dataset.amr = (claims.amr || []).join(' ');
    $('sign-in').hidden = true;
    $('second-factor').hidden = true;
    $('signed-in').hidden = false;
    status(text);
    await showSessions();
  }

  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    const res = await call('POST', '/auth/login', {
      username: $('username').value,
      password: $('password').value,
      device_name: 'Tokenward demo',
    });
    $('password').value = '';
    if (res.status !== 200) { status('Sign-in failed (' + res.body.code + ')'); return; }
    if (res.body.mfa_required) {
      mfaToken = res.body.mfa_token;
      $('sign-in').hidden = true;
      $('second-factor').hidden = false;
      $('use-passkey').hidden = !res.body.methods.includes('webauthn');
      status('Second factor required');
      return;
    }
    await signedIn(res.body, 'Signed in');
  });

  $('use-passkey').addEventListener('click', async () => {
    const options = await call('POST', '/auth/mfa/webauthn/authenticate/options', { mfa_token: mfaToken });
    if (options.status !== 200) { status('Passkey sign-in failed (' + options.body.code + ')'); return; }
    let credential;
    try {
      credential = await navigator.credentials.get({
        publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.body),
      });
    } catch (error) {
      status('Passkey sign-in cancelled (' + error.name + ')');
      return;
    }
    const res = await call('POST', '/auth/mfa/webauthn/authenticate', {
      mfa_token: mfaToken,
      credential: credential.toJSON(),
      device_name: 'Tokenward demo',
    });
    if (res.status !== 200) { status('Passkey sign-in failed (' + res.body.code + ')'); return; }
    mfaToken = null;
    await signedIn(res.body, 'Signed in with a passkey');
  });

  $('add-passkey').addEventListener('click', async () => {
    const options = await call('POST', '/auth/mfa/webauthn/register/options');
    if (options.status !== 200) { status('Adding a passkey failed (' + options.body.code + ')'); return; }
    let credential;
    try {
      credential = await navigator.credentials.create({
        publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.body),
      });
    } catch (error) {
      status('Adding a passkey cancelled (' + error.name + ')');
      return;
    }
    const res = await call('POST', '/auth/mfa/webauthn/register', {
      credential: credential.toJSON(),
      name: 'Demo passkey',
    });
    status(res.status === 201 ? 'Passkey added' : 'Adding a passkey failed (' + res.body.code + ')');
  });

  $('refresh').addEventListener('click', () => { void refresh(); });

  $('sign-out').addEventListener('click', async () => {
    const res = await call('POST', '/auth/logout');
    signedOut(res.status === 200 ? 'Signed out' : 'Sign-out failed');
  });
})();
`;
