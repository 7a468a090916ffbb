import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/admin/rotations/keys`. */
export class SigningKeyRotationRequestDto {
  @ApiPropertyOptional({
    description: 'Why, recorded with the rotation',
    maxLength: 500,
    example: 'quarterly key rotation',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    description:
      'Revoke every older key at once (a key may have leaked): their tokens stop verifying and clients must refresh. Default false: older keys verify until their tokens expire.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  revoke_previous_keys?: boolean;
}
