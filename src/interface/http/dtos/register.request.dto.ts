import {
  IsEmail,
  IsString,
  Length,
  MaxLength,
  MinLength,
} from 'class-validator';

/** Body of `POST /auth/register`. Limits here are wire-level; domain rules are checked after. */
export class RegisterRequestDto {
  @IsString()
  @Length(3, 32)
  username!: string;

  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;

  // Characters here; the configurable byte limit (argon2 input bound) is checked in the domain.
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password!: string;
}
