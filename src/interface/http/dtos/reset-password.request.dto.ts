import { IsString, MaxLength, MinLength } from 'class-validator';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { DEFAULT_PASSWORD_POLICY } from '../../../domain/policies/password.policy.js';
import { ApiProperty } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/password/reset` (a reset or an invitation link). */
@ClosedSchema()
export class ResetPasswordRequestDto {
  @ApiProperty({
    description: 'The `token` query parameter of the mailed link',
    minLength: 1,
    maxLength: 256,
    example: '5d0c7a1e-2f7b-4a43-9d1e-6b0f0c9a8e21.Yx3k…',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  token!: string;

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
