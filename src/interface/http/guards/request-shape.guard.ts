import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { AuthConfig } from '../../../application/auth-config.js';
import { PayloadTooLargeError } from '../../../domain/errors/payload-too-large.error.js';
import { UnsupportedMediaTypeError } from '../../../domain/errors/unsupported-media-type.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Deepest nesting any Tokenward body needs is 2 (`roles: [..]`); 8 leaves room, not a stack. */
const MAX_BODY_DEPTH = 8;
const ACCEPTED_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
];

interface ShapedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/**
 * Refuses bodies larger than `maxBodyBytes` (413) and bodies in a content type the routes do not
 * speak (415) on Tokenward's routes, and bodies nested deeper than any of them needs (400: the
 * validation pipe would otherwise recurse into them). The host's body parser still reads up to its own limit first,
 * so set that limit too (the example app sets 16 KiB); this guard makes Tokenward's answer
 * uniform whatever the host's limit.
 */
@Injectable()
export class RequestShapeGuard implements CanActivate {
  constructor(private readonly config: AuthConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ShapedRequest>();
    if (!BODY_METHODS.has(request.method.toUpperCase())) return true;
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > this.config.maxBodyBytes) throw new PayloadTooLargeError();
    const type = request.headers['content-type'];
    const hasBody =
      length > 0 || request.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return true;
    const mediaType =
      typeof type === 'string' ? type.split(';')[0]?.trim().toLowerCase() : '';
    if (mediaType === undefined || !ACCEPTED_TYPES.includes(mediaType)) {
      throw new UnsupportedMediaTypeError();
    }
    if (depthExceeds(request.body, MAX_BODY_DEPTH)) {
      throw new ValidationError('request body is nested too deeply');
    }
    return true;
  }
}

/** Whether `value` nests objects/arrays deeper than `limit`; iterative, so it cannot overflow. */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
