import { createHash } from 'node:crypto';

/**
 * The key an attempt counter is stored under: a SHA-256 of what it counts, so the store never
 * holds identifiers people typed (often a password by mistake) nor clients' addresses in clear.
 */
export function attemptKey(subject: string): string {
  return createHash('sha256').update(subject, 'utf8').digest('hex');
}
