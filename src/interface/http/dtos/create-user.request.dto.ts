import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { DEFAULT_PASSWORD_POLICY } from '../../../domain/policies/password.policy.js';
import { ROLE_PATTERN } from '../../../domain/value-objects/roles.js';
import { TYPED_USERNAME_PATTERN } from '../../../domain/value-objects/username-characters.js';
import { Username } from '../../../domain/value-objects/username.js';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** Body of `POST /auth/admin/users`. Limits here are wire-level; domain rules are checked after. */
@ClosedSchema()
export class CreateUserRequestDto {
  @ApiProperty({
    minLength: Username.MIN_LENGTH,
    maxLength: Username.MAX_LENGTH,
    pattern: TYPED_USERNAME_PATTERN.source,
    description:
      'As on registration: letters, digits, `.`, `_` and `-`, without compatibility characters; look-alikes of a taken name are refused as taken',
    example: 'bob',
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
    example: 'bob@example.test',
  })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', maxLength: 64, pattern: ROLE_PATTERN.source },
    maxItems: 32,
    description: 'Default: the configured default roles',
    example: ['user'],
  })
  @OptionalProperty()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles?: string[];

  @ApiPropertyOptional({
    format: 'password',
    minLength: DEFAULT_PASSWORD_POLICY.minLength,
    maxLength: DEFAULT_PASSWORD_POLICY.maxBytes,
    description: `Without it, the user gets an invitation mail with a link that sets the first password. At least \`password.minLength\` characters (default ${DEFAULT_PASSWORD_POLICY.minLength}) and at most \`password.maxBytes\` UTF-8 bytes (default ${DEFAULT_PASSWORD_POLICY.maxBytes})`,
    example: 'correct horse battery staple',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password?: string;
}
