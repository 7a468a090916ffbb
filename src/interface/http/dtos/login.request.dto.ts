import { IsString, MaxLength, MinLength } from 'class-validator';
import { DEFAULT_PASSWORD_POLICY } from '../../../domain/policies/password.policy.js';
import { ApiProperty } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { DeviceNameField } from './device-name.field.js';

/** Body of `POST /auth/login`; `username` may also be the account's email address. */
@ClosedSchema()
export class LoginRequestDto {
  @ApiProperty({
    description: 'Username or email address',
    minLength: 1,
    maxLength: 254,
    example: 'alice',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  username!: string;

  // As on registration: the validators bound every configuration, the document states the
  // default `password.maxBytes` (longer passwords are a 400, never an argon2 run).
  @ApiProperty({
    format: 'password',
    minLength: 1,
    maxLength: DEFAULT_PASSWORD_POLICY.maxBytes,
    description: `At most \`password.maxBytes\` UTF-8 bytes (default ${DEFAULT_PASSWORD_POLICY.maxBytes})`,
    example: 'correct horse battery',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password!: string;

  @DeviceNameField({ example: 'Alice’s laptop' })
  device_name?: string;
}
