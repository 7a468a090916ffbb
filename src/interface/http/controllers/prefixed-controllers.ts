import { Controller, type Type } from '@nestjs/common';
import { AccountController } from './account.controller.js';
import { AdminController } from './admin.controller.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AuthController } from './auth.controller.js';
import { AuthorizationServerMetadataController } from './authorization-server-metadata.controller.js';
import { IntrospectionController } from './introspection.controller.js';
import { JwksController } from './jwks.controller.js';
import { SessionsController } from './sessions.controller.js';
import { OAuthController } from './oauth.controller.js';
import { SsfConfigurationController } from './ssf-configuration.controller.js';
import { SsfController } from './ssf.controller.js';
import { TotpController } from './totp.controller.js';
import { WebAuthnController } from './webauthn.controller.js';

/**
 * The module's controllers mounted under `prefix`. Each call returns subclasses carrying their own
 * path, so two apps in one process (tests, multi-tenant hosts) can use different prefixes; routes,
 * guards, pipes and parameters are inherited from the base classes.
 */
export function createPrefixedControllers(prefix: string): Type[] {
  const base = prefix.replace(/^\/+|\/+$/g, '');
  return [
    mount(AuthController, base),
    mount(IntrospectionController, base),
    mount(OAuthController, base),
    mount(JwksController, base),
    mount(AdminController, `${base}/admin`),
    mount(AccountController, base),
    mount(AdminUsersController, `${base}/admin`),
    mount(SessionsController, base),
    mount(SsfController, `${base}/ssf`),
    mount(TotpController, base),
    mount(WebAuthnController, base),
    // RFC 8414: at the host's root, where clients derive it from the issuer.
    mount(AuthorizationServerMetadataController, ''),
    // SSF 1.0 §7.2: likewise at the root.
    mount(SsfConfigurationController, ''),
  ];
}

function mount<T extends Type>(controller: T, path: string): T {
  const mounted = class extends controller {};
  Object.defineProperty(mounted, 'name', { value: controller.name });
  Controller(path)(mounted);
  return mounted;
}
