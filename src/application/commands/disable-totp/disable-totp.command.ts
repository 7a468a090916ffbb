import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';

/** What proves a signed-in user may remove their factor: a current code, or the password. */
export type TotpRemovalProof =
  { readonly code: string } | { readonly password: string };

/** Removes the user's TOTP factor and its recovery codes; logins stop asking for a code. */
export class DisableTotpCommand extends Command<void> {
  constructor(
    public readonly userId: string,
    public readonly proof: TotpRemovalProof,
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
