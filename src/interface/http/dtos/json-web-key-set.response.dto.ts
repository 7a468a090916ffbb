import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `GET /auth/.well-known/jwks.json` (RFC 7517 §5; documentation only). */
export class JsonWebKeySetResponseDto {
  @ApiProperty({
    description:
      'Public keys (kty, crv, x, y, kid, alg, use) of every asymmetric key that verifies now; empty with HS256',
    type: 'array',
    items: { type: 'object', additionalProperties: { type: 'string' } },
    example: [
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
        kid: 'Xq3v9bJfK2mQp0aZ',
        alg: 'EdDSA',
        use: 'sig',
      },
    ],
  })
  keys!: Array<Record<string, string>>;
}
