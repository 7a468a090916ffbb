import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

const UUID_V7 =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  const T = new Date('2026-03-01T12:00:00.000Z');

  it('is a UUIDv7 carrying the time in its first 48 bits', () => {
    const id = timeOrderedId(T);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(
      T.getTime(),
    );
  });

  it('sorts ids of one millisecond in the order they were made, and across milliseconds by time', () => {
    const sameMs = Array.from({ length: 1000 }, () => timeOrderedId(T));
    expect([...sameMs].sort()).toEqual(sameMs);
    expect(new Set(sameMs).size).toBe(1000);
    const later = timeOrderedId(new Date(T.getTime() + 1));
    const earlier = timeOrderedId(new Date(T.getTime() - 1));
    expect(later > sameMs.at(-1)!).toBe(true);
    expect(earlier < sameMs[0]!).toBe(true);
  });
});
