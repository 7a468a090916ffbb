import { IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';

/**
 * `client_id` and `client_secret` of `client_secret_post` (RFC 6749 §2.3.1), or the `client_id`
 * alone of a public client: the body fields every client-authenticated route accepts. Checked
 * by `ClientAuthenticator` before the pipe runs; these rules document them and bound their size.
 */
export abstract class ClientCredentialsFields {
  @ApiPropertyOptional({
    description:
      '`client_secret_post`, or the public first-party client (`none`); with HTTP Basic, the same id or absent',
    minLength: 1,
    maxLength: 128,
    example: 'billing',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  client_id?: string;

  @ApiPropertyOptional({
    description: '`client_secret_post` only (not with HTTP Basic)',
    minLength: 1,
    maxLength: 1024,
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  client_secret?: string;
}
