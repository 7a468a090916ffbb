import { Query } from '@nestjs/cqrs';
import type { IntrospectionResult } from '../../dtos/introspection-result.dto.js';

/** RFC 7662 introspection of an access token on behalf of another service. */
export class IntrospectTokenQuery extends Query<IntrospectionResult> {
  constructor(public readonly token: string) {
    super();
  }
}
