import { describe, expect, it } from 'vitest';
import { GlobalRotationState } from './global-rotation-state.entity.js';

const NOW = new Date('2026-01-01T00:00:00.000Z');
const later = (seconds: number): Date =>
  new Date(NOW.getTime() + seconds * 1000);

describe('GlobalRotationState', () => {
  it('starts at version 1 and accepts only version 1', () => {
    const initial = GlobalRotationState.initial();
    expect(initial.version).toBe(1);
    expect(initial.isInGraceAt(NOW)).toBe(false);
    expect(initial.accepts(1, NOW)).toBe(true);
    // Version 0 means "never issued": it must not ride on the initial previousVersion of 0.
    expect(initial.accepts(0, NOW)).toBe(false);
    expect(initial.accepts(2, NOW)).toBe(false);
  });

  it('accepts the previous version until the grace window ends (exclusive)', () => {
    const state = new GlobalRotationState({
      version: 5,
      previousVersion: 4,
      rotatedAt: NOW,
      graceEndsAt: later(30),
      reason: 'key leak',
      rotatedBy: 'admin-1',
    });
    expect(state.accepts(5, later(1_000))).toBe(true);
    expect(state.accepts(4, later(29))).toBe(true);
    expect(state.isInGraceAt(later(30))).toBe(false);
    expect(state.accepts(4, later(30))).toBe(false);
    expect(state.accepts(3, NOW)).toBe(false);
  });

  it('has no grace window without an end date', () => {
    const state = new GlobalRotationState({
      version: 2,
      previousVersion: 1,
      rotatedAt: NOW,
      graceEndsAt: null,
      reason: null,
      rotatedBy: null,
    });
    expect(state.accepts(1, NOW)).toBe(false);
  });
});
