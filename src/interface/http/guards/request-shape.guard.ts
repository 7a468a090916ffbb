import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { AuthConfig } from '../../../application/auth-config.js';
import { PayloadTooLargeError } from '../../../domain/errors/payload-too-large.error.js';
import { UnsupportedMediaTypeError } from '../../../domain/errors/unsupported-media-type.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
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
  query?: unknown;
  params?: unknown;
}

/**
 * Keys that reach an object's prototype when assigned: a body carrying one is refused (400)
 * rather than left to the parser (Fastify refuses some of them, Express keeps them) and to
 * class-transformer (which drops them silently, past the unknown-property rule).
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses bodies larger than `maxBodyBytes` (413) and bodies in a content type the routes do not
 * speak (415) on Tokenward's routes, bodies that are no object (400), bodies nested deeper than
 * any of them needs (400: the validation pipe would otherwise recurse into them), bodies with
 * prototype keys (400), and any body, query or path parameter holding a string that is not
 * well-formed UTF-16 (400). The
 * host's body parser still reads up to its own limit first, so set that limit too (the example
 * app sets 16 KiB); this guard makes Tokenward's answer uniform whatever the host's limit.
 */
@Injectable()
export class RequestShapeGuard implements CanActivate {
  constructor(private readonly config: AuthConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ShapedRequest>();
    if (!isWellFormedDeep(request.query) || !isWellFormedDeep(request.params)) {
      throw new ValidationError(MALFORMED_TEXT);
    }
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
    // Every Tokenward body is an object: a JSON `null`, array, string or number is not one (Express
    // refuses some of them in its parser, Fastify hands them over as they are).
    if (!isPlainObject(request.body)) {
      throw new ValidationError('request body must be a JSON object');
    }
    if (depthExceeds(request.body, MAX_BODY_DEPTH)) {
      throw new ValidationError('request body is nested too deeply');
    }
    if (hasPrototypeKey(request.body)) {
      throw new ValidationError('request body must not have prototype keys');
    }
    if (!isWellFormedDeep(request.body)) {
      throw new ValidationError(MALFORMED_TEXT);
    }
    // Sent chunked, a body has no Content-Length: its size is known only from what was parsed.
    if (
      request.headers['content-length'] === undefined &&
      parsedSize(request.body) > this.config.maxBodyBytes
    ) {
      throw new PayloadTooLargeError();
    }
    return true;
  }
}

const MALFORMED_TEXT =
  'request text must be well-formed Unicode (no lone surrogate), in keys and values alike';

/**
 * Whether every string in `value`, object keys included, is well-formed UTF-16. A lone surrogate
 * (JSON's `"\ud800"`) is no character: validators and encoders downstream throw on it
 * (class-validator's `IsEmail` did: a 500) or store U+FFFD in its place, so it is refused here,
 * before any of them runs. Iterative, so it cannot overflow.
 */
function isWellFormedDeep(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (!isWellFormed(current)) return false;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    for (const [key, child] of Object.entries(current)) {
      if (!isWellFormed(key)) return false;
      stack.push(child);
    }
  }
  return true;
}

// ES2024's String.prototype.isWellFormed (Node 20+), outside the project's ES2023 lib types.
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/** Whether any object in `value` has an own `__proto__`, `constructor` or `prototype` key. */
function hasPrototypeKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null) continue;
    for (const key of Object.keys(current)) {
      if (PROTOTYPE_KEYS.has(key)) return true;
      stack.push((current as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/** UTF-8 size of the parsed body re-serialised: a lower bound of what was sent. */
function parsedSize(body: unknown): number {
  if (typeof body === 'string') return Buffer.byteLength(body, 'utf8');
  return Buffer.byteLength(JSON.stringify(body) ?? '', 'utf8');
}
