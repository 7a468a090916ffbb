import { ApiProperty } from '../openapi/optional-swagger.js';

/**
 * `PublicKeyCredentialCreationOptionsJSON` / `PublicKeyCredentialRequestOptionsJSON` (WebAuthn L3),
 * to hand to `PublicKeyCredential.parseCreationOptionsFromJSON()` / `parseRequestOptionsFromJSON()`.
 */
export class WebAuthnOptionsResponseDto {
  @ApiProperty({ description: 'Single-use challenge, base64url' })
  challenge!: string;

  @ApiProperty({
    description: 'How long the browser may take, in ms (the challenge’s life)',
  })
  timeout!: number;
}
