import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** Body of `POST /auth/admin/rotations/global`. */
export class GlobalRotationRequestDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  /** Upper bound (the refresh-token lifetime) is checked by the use case. */
  @IsOptional()
  @IsInt()
  @Min(0)
  grace_period_seconds?: number;
}
