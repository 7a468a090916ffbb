import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  MaxLength,
  MinLength,
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
  TRANSPORTS,
} from './webauthn-credential.fields.js';

/** `AuthenticatorAttestationResponseJSON` (WebAuthn L3). */
@ClosedSchema()
export class AttestationResponseDto {
  @Base64UrlField('The client data the authenticator signed over', 4096)
  clientDataJSON!: string;

  @Base64UrlField(
    'CBOR attestation object (attestation `none` is asked for)',
    8192,
  )
  attestationObject!: string;

  @ApiPropertyOptional({ description: 'Authenticator data, base64url' })
  @OptionalProperty()
  @IsString()
  @MaxLength(8192)
  authenticatorData?: string;

  @ApiPropertyOptional({ description: 'SPKI public key, base64url' })
  @OptionalProperty()
  @IsString()
  @MaxLength(8192)
  publicKey?: string;

  @ApiPropertyOptional({ description: 'COSE algorithm of the key' })
  @OptionalProperty()
  @IsInt()
  publicKeyAlgorithm?: number;

  @ApiPropertyOptional({
    type: [String],
    enum: TRANSPORTS,
    maxItems: 10,
  })
  @OptionalProperty()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(TRANSPORTS, { each: true })
  transports?: string[];
}

/** `RegistrationResponseJSON`: what `PublicKeyCredential.toJSON()` gives after `create()`. */
@ClosedSchema()
export class RegistrationCredentialDto extends PublicKeyCredentialFields(
  AttestationResponseDto,
) {}

/** Body of `POST /auth/mfa/webauthn/register`. */
@ClosedSchema()
export class PasskeyRegistrationRequestDto {
  @ApiProperty({
    type: RegistrationCredentialDto,
    description:
      'The `PublicKeyCredential` from `navigator.credentials.create()`, as its `toJSON()` gives it',
  })
  @ValidateNested()
  @Type(() => RegistrationCredentialDto)
  credential!: RegistrationCredentialDto;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 64,
    description:
      'A label for the passkey, shown in the list (default `Passkey N`)',
    example: 'Laptop',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name?: string;
}
