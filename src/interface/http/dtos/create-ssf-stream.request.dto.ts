import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { SsfStreamFields } from './ssf-stream-fields.js';

/** Body of `POST /auth/ssf/streams` (SSF 1.0 §8.1.1.1). */
@ClosedSchema()
export class CreateSsfStreamRequestDto extends SsfStreamFields {}
