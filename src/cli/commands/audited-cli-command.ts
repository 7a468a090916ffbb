import { Injectable } from '@nestjs/common';
import { Option } from 'nest-commander';
import {
  TokenwardCliCommand,
  type GlobalFlags,
} from './tokenward-cli-command.js';

/** Flags of a command whose use case the audit trail records. */
export interface AuditedFlags extends GlobalFlags {
  /** Why, recorded with the audit record. */
  readonly reason?: string;
}

/** A command recorded in the audit trail: it takes `--reason`. */
@Injectable()
export abstract class AuditedCliCommand<
  Flags extends AuditedFlags = AuditedFlags,
> extends TokenwardCliCommand<Flags> {
  @Option({
    flags: '--reason <value>',
    description: 'why, for the audit trail',
  })
  parseReason(raw: string): string {
    return this.flagValue('--reason', raw);
  }
}
