import { randomBytes } from 'node:crypto';

/** Increments with every id made by this process (wraps at 2^32), whatever the time. */
let counter = 0;

/**
 * A UUIDv7 (RFC 9562 §5.7) whose 48-bit timestamp is `at` and whose first 32 random bits are a
 * process-wide counter (§6.2, method 1), the remaining 42 bits random. Ids made by one process
 * at the same millisecond therefore sort in the order they were made, so "newest first by time,
 * then by id" is the order things happened in even under a frozen test clock; and new ids land
 * at the end of a B-tree index instead of at random places.
 */
export function timeOrderedId(at: Date): string {
  const ms = Math.max(0, Math.min(at.getTime(), 2 ** 48 - 1));
  const count = counter;
  counter = (counter + 1) >>> 0;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  // version 7 and the counter's top 12 bits (rand_a)
  bytes.writeUInt16BE(0x7000 | (count >>> 20), 6);
  // variant 10 and the counter's next 6 bits, then its last 14 bits
  bytes[8] = 0x80 | ((count >>> 14) & 0x3f);
  bytes.writeUInt16BE(((count & 0x3fff) << 2) | (bytes[9]! & 0x03), 9);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
