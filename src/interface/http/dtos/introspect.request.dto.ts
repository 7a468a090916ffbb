import {
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

/** Body of `POST /auth/introspect` (JSON or form-encoded, RFC 7662 §2.1). */
export class IntrospectRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  token!: string;

  @IsOptional()
  @IsIn(['access_token', 'refresh_token'])
  token_type_hint?: string;
}
