import { Type } from 'class-transformer';
import {
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import {
  Base64UrlField,
  PublicKeyCredentialFields,
} from './webauthn-credential.fields.js';
import { DeviceNameField } from './device-name.field.js';

/** What an `mfa_token` looks like (`<uuid>.<base64url secret>`), bounded. */
const MFA_TOKEN = {
  description:
    'The `mfa_token` of `POST /auth/login`; absent for a passwordless login (`webauthn.passwordless`)',
  minLength: 1,
  maxLength: 200,
};

/** Body of `POST /auth/mfa/webauthn/authenticate/options`. */
@ClosedSchema()
export class PasskeyAuthenticationOptionsRequestDto {
  @ApiPropertyOptional(MFA_TOKEN)
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mfa_token?: string;
}

/** `AuthenticatorAssertionResponseJSON` (WebAuthn L3). */
@ClosedSchema()
export class AssertionResponseDto {
  @Base64UrlField('The client data the authenticator signed over', 4096)
  clientDataJSON!: string;

  @Base64UrlField('Authenticator data (rpId hash, flags, counter)', 4096)
  authenticatorData!: string;

  @Base64UrlField('Signature over authenticator data and client data', 2048)
  signature!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 128,
    description: 'User handle (discoverable credentials)',
  })
  @ValidateIf(
    (_: object, value: unknown) => value !== undefined && value !== null,
  )
  @IsString()
  @MaxLength(128)
  @Matches(/^[A-Za-z0-9_-]*$/, { message: '$property must be base64url' })
  userHandle?: string | null;
}

/** `AuthenticationResponseJSON`: what `PublicKeyCredential.toJSON()` gives after `get()`. */
@ClosedSchema()
export class AssertionCredentialDto extends PublicKeyCredentialFields(
  AssertionResponseDto,
) {}

/** Body of `POST /auth/mfa/webauthn/authenticate`. */
@ClosedSchema()
export class PasskeyAuthenticationRequestDto {
  @ApiPropertyOptional(MFA_TOKEN)
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mfa_token?: string;

  @ApiProperty({
    type: AssertionCredentialDto,
    description:
      'The `PublicKeyCredential` from `navigator.credentials.get()`, as its `toJSON()` gives it',
  })
  @ValidateNested()
  @Type(() => AssertionCredentialDto)
  credential!: AssertionCredentialDto;

  @DeviceNameField()
  device_name?: string;
}
