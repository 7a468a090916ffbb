import { IsString, MaxLength, MinLength } from 'class-validator';

/** Body of `POST /auth/login`; `username` may also be the account's email address. */
export class LoginRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  username!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password!: string;
}
