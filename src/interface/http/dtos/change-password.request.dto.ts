import { IsString, MaxLength, MinLength } from 'class-validator';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { DEFAULT_PASSWORD_POLICY } from '../../../domain/policies/password.policy.js';
import { ApiProperty } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/password/change`. */
@ClosedSchema()
export class ChangePasswordRequestDto {
  @ApiProperty({
    format: 'password',
    minLength: 1,
    maxLength: 4096,
    description: 'The password now (counts toward the login lockout)',
    example: 'correct horse battery',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  current_password!: string;

  @ApiProperty({
    format: 'password',
    minLength: DEFAULT_PASSWORD_POLICY.minLength,
    maxLength: DEFAULT_PASSWORD_POLICY.maxBytes,
    description: `At least \`password.minLength\` characters (default ${DEFAULT_PASSWORD_POLICY.minLength}) and at most \`password.maxBytes\` UTF-8 bytes (default ${DEFAULT_PASSWORD_POLICY.maxBytes}: as many ASCII characters, fewer others)`,
    example: 'correct horse battery staple',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  new_password!: string;
}
