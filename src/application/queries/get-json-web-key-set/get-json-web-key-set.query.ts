import { Query } from '@nestjs/cqrs';
import type { JsonWebKeySet } from '../../dtos/json-web-key-set.dto.js';

/** The public keys other services verify tokens with (RFC 7517 JWK Set). */
export class GetJsonWebKeySetQuery extends Query<JsonWebKeySet> {}
