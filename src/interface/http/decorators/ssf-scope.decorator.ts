import { SetMetadata } from '@nestjs/common';
import type { SsfScope } from '../../../application/ssf-scopes.js';

/** Metadata key set by `@RequireSsfScope()`. */
export const SSF_SCOPE_KEY = 'tokenward:ssfScope';

/** The scope `SsfReceiverGuard` requires of the bearer token on this route. */
export const RequireSsfScope = (scope: SsfScope): MethodDecorator =>
  SetMetadata(SSF_SCOPE_KEY, scope);
