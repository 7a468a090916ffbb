import { ApiProperty } from '../openapi/optional-swagger.js';

/** One signing key as `GET /auth/admin/rotations/keys` lists it (documentation only). */
export class SigningKeyResponseDto {
  @ApiProperty({ example: 'Xq3v9bJfK2mQp0aZ' })
  kid!: string;

  @ApiProperty({ enum: ['HS256', 'EdDSA', 'ES256'] })
  algorithm!: string;

  @ApiProperty({ enum: ['active', 'retired', 'revoked', 'expired'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  retired_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Until when a retired key verifies; null while active or once revoked',
  })
  verifies_until!: string | null;
}

/** OpenAPI schema of `GET /auth/admin/rotations/keys`'s answer (documentation only). */
export class SigningKeyListResponseDto {
  @ApiProperty({ type: [SigningKeyResponseDto] })
  keys!: SigningKeyResponseDto[];
}
