import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of a user on the wire (documentation only; see `UserResponse`). */
export class UserResponseDto {
  @ApiProperty({
    format: 'uuid',
    example: '0b7e6f0e-4a57-4d7e-9d8c-2f4f8e1f3c11',
  })
  id!: string;

  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ format: 'email', example: 'alice@example.test' })
  email!: string;

  @ApiProperty({
    example: true,
    description: 'Whether the owner of the address confirmed it',
  })
  email_verified!: boolean;

  @ApiProperty({ example: true })
  is_active!: boolean;

  @ApiProperty({ type: [String], example: ['user'] })
  roles!: string[];

  @ApiProperty({ format: 'date-time', example: '2026-01-01T12:00:00.000Z' })
  created_at!: string;
}
