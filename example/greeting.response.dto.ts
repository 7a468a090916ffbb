import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI schema of the example's `{ message }` answers. */
export class GreetingResponseDto {
  @ApiProperty({ example: 'Hello, alice!' })
  message!: string;
}
