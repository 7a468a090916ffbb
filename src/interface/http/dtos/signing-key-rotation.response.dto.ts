import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `POST /auth/admin/rotations/keys`'s answer (documentation only). */
export class SigningKeyRotationResponseDto {
  @ApiProperty({
    description: 'The new active key',
    example: 'Xq3v9bJfK2mQp0aZ',
  })
  kid!: string;

  @ApiProperty({ enum: ['HS256', 'EdDSA', 'ES256'] })
  algorithm!: string;

  @ApiProperty({ example: 'b7Tn1sWc4dLr8uYe' })
  previous_kid!: string;

  @ApiProperty({
    type: [String],
    description: 'Keys that stopped verifying at once (`revoke_previous_keys`)',
  })
  revoked_kids!: string[];

  @ApiProperty({ format: 'date-time' })
  rotated_at!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Until when the previous key verifies the tokens it signed; null when revoked',
  })
  previous_key_verifies_until!: string | null;
}
