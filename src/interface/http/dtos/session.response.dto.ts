import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of one session in a sessions list (documentation only). */
export class SessionResponseDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Session id (`sid` of its access tokens)',
  })
  id!: string;

  @ApiProperty({ format: 'date-time', description: 'Login time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', description: 'Last login or refresh' })
  last_used_at!: string;

  @ApiProperty({
    format: 'date-time',
    description:
      'When the current refresh token stops working unless refreshed',
  })
  expires_at!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Client IP at login',
  })
  login_ip!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'User-Agent at login',
  })
  login_user_agent!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Client IP at the last refresh',
  })
  last_used_ip!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'User-Agent at the last refresh',
  })
  last_used_user_agent!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `device_name` given at login',
  })
  device_name!: string | null;

  @ApiProperty({ description: 'The session of the token that asked' })
  current!: boolean;
}
