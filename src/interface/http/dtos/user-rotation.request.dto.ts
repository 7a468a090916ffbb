import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/admin/users/:id/rotations`. */
export class UserRotationRequestDto {
  @ApiPropertyOptional({
    description: 'Why, recorded with the rotation',
    maxLength: 500,
    example: 'lost laptop',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
