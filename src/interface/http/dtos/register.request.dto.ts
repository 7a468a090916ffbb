import {
  IsEmail,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { TYPED_USERNAME_PATTERN } from '../../../domain/value-objects/username-characters.js';
import { Username } from '../../../domain/value-objects/username.js';
import { DEFAULT_PASSWORD_POLICY } from '../../../domain/policies/password.policy.js';
import { ApiProperty } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';

/** Body of `POST /auth/register`. Limits here are wire-level; domain rules are checked after. */
@ClosedSchema()
export class RegisterRequestDto {
  @ApiProperty({
    minLength: Username.MIN_LENGTH,
    maxLength: Username.MAX_LENGTH,
    pattern: TYPED_USERNAME_PATTERN.source,
    description:
      'Letters, digits, `.`, `_` and `-`, without compatibility characters that NFKC normalisation would expand or change (`ĳ`, `ﬁ`, `ŀ`, `½`, ...); look-alikes of a taken name are refused as taken',
    example: 'alice',
  })
  @IsString()
  @Length(Username.MIN_LENGTH, Username.MAX_LENGTH)
  @Matches(TYPED_USERNAME_PATTERN, {
    message:
      'username may contain only letters, digits, dots, underscores and hyphens (no compatibility characters)',
  })
  username!: string;

  @ApiProperty({
    format: 'email',
    maxLength: 254,
    example: 'alice@example.test',
  })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;

  // The validators bound what any configuration allows; the configured policy is checked in the
  // domain. The document states the default policy (JSON Schema counts characters, not bytes).
  @ApiProperty({
    format: 'password',
    minLength: DEFAULT_PASSWORD_POLICY.minLength,
    maxLength: DEFAULT_PASSWORD_POLICY.maxBytes,
    description: `At least \`password.minLength\` characters (default ${DEFAULT_PASSWORD_POLICY.minLength}) and at most \`password.maxBytes\` UTF-8 bytes (default ${DEFAULT_PASSWORD_POLICY.maxBytes}: as many ASCII characters, fewer others)`,
    example: 'correct horse battery',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password!: string;
}
