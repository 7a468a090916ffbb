import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { VerifiedAccessToken } from '../../../application/dtos/verified-access-token.dto.js';
import { TOKEN_REQUEST_KEY } from '../guards/bearer-token.js';

/** The `VerifiedAccessToken` (session id, token id, versions) behind the current request. */
export const CurrentToken = createParamDecorator(
  (
    _data: unknown,
    context: ExecutionContext,
  ): VerifiedAccessToken | undefined =>
    context
      .switchToHttp()
      .getRequest<Record<string, VerifiedAccessToken | undefined>>()[
      TOKEN_REQUEST_KEY
    ],
);
