import { ApiProperty } from '../openapi/optional-swagger.js';

/** One passkey of the caller, as the list shows it (never its public key). */
export class PasskeyResponseDto {
  @ApiProperty({ description: 'Credential id (base64url)' })
  id!: string;

  @ApiProperty({ example: 'Laptop' })
  name!: string;

  @ApiProperty({ type: [String], example: ['internal'] })
  transports!: string[];

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  last_used_at!: string | null;
}

/** `GET /auth/mfa/webauthn/credentials`. */
export class PasskeyListResponseDto {
  @ApiProperty({ type: [PasskeyResponseDto] })
  credentials!: PasskeyResponseDto[];
}
