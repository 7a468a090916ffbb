import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  MfaMethodSource,
  type MfaMethod,
} from '../../domain/ports/mfa-method-source.js';
import { WebAuthnCredentialRepository } from '../../domain/ports/webauthn-credential.repository.js';
import { MfaMethodsService } from './mfa-methods.service.js';

/** Passkeys as a second factor: `['webauthn']` for a user with at least one registered. */
@Injectable()
export class PasskeyMfaMethodSource
  extends MfaMethodSource
  implements OnModuleInit
{
  constructor(
    private readonly credentials: WebAuthnCredentialRepository,
    private readonly methods: MfaMethodsService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.methods.register(this);
  }

  async methodsOf(userId: string): Promise<readonly MfaMethod[]> {
    const credentials = await this.credentials.listByUser(userId);
    return credentials.length > 0 ? ['webauthn'] : [];
  }

  /** Deletes every passkey of the user (an admin reset of their factors). */
  override async reset(userId: string): Promise<void> {
    for (const credential of await this.credentials.listByUser(userId)) {
      await this.credentials.delete(credential.id, userId);
    }
  }
}
