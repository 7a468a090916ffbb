import { AuthError } from './auth.error.js';

/** A request body in a content type the route does not accept. */
export class UnsupportedMediaTypeError extends AuthError {
  readonly code = 'unsupported_media_type' as const;

  constructor(message = 'Unsupported content type; send application/json') {
    super(message);
  }
}
