import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { WebAuthnCredentialRepository } from '../../../domain/ports/webauthn-credential.repository.js';
import { ListPasskeysQuery } from './list-passkeys.query.js';

@QueryHandler(ListPasskeysQuery)
export class ListPasskeysHandler implements IQueryHandler<ListPasskeysQuery> {
  constructor(private readonly credentials: WebAuthnCredentialRepository) {}

  async execute(query: ListPasskeysQuery) {
    return this.credentials.listByUser(query.userId);
  }
}
