import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { VerifiedAccessToken } from '../../../application/dtos/verified-access-token.dto.js';
import { TOKEN_REQUEST_KEY } from '../guards/bearer-token.js';
import { requestOf } from '../guards/request-of.js';

/** The `VerifiedAccessToken` (session id, token id, versions) behind the current request. */
export const CurrentToken = createParamDecorator(
  (
    _data: unknown,
    context: ExecutionContext,
  ): VerifiedAccessToken | undefined =>
    requestOf<Record<string, VerifiedAccessToken | undefined> | undefined>(
      context,
    )?.[TOKEN_REQUEST_KEY],
);
