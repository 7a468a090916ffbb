import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /auth/admin/users/:id/rotations`. */
export class UserRotationRequestDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
