import { IsString, MaxLength, MinLength } from 'class-validator';

/** Body of `POST /auth/refresh`. */
export class RefreshRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refresh_token!: string;
}
