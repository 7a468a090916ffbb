import type { PublicUser } from './public-user.dto.js';

/** RFC 7662 introspection answer; inactive tokens reveal nothing else. */
export class IntrospectionResult {
  private constructor(
    readonly active: boolean,
    readonly details: IntrospectionDetails | null,
  ) {}

  static inactive(): IntrospectionResult {
    return new IntrospectionResult(false, null);
  }

  static active(details: IntrospectionDetails): IntrospectionResult {
    return new IntrospectionResult(true, details);
  }
}

/** What an active token's introspection reveals. */
export interface IntrospectionDetails {
  readonly sub: string;
  readonly username: string;
  readonly exp: number;
  readonly iat: number;
  readonly jti: string;
  readonly sid: string;
  readonly iss: string;
  readonly aud: string;
  readonly roles: readonly string[];
  readonly user: PublicUser;
}
