import { describe, expect, it } from 'vitest';
import { buildBound } from '../../machines/bound.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { defaultSettings, initialContext } from '../../machines/workflow.js';

const settings = defaultSettings(PHASE_REGISTRY);
const HOUR = 3_600_000;

describe('buildBound', () => {
  it('bounds a fresh session by every phase budget from the SPEC table', () => {
    const bound = buildBound({
      registry: PHASE_REGISTRY,
      settings,
      timeoutMs: 1_800_000,
      from: { phase: 'init', sub: 'running' },
      context: initialContext(),
    });
    // Written from SPEC §2: 5 + 20 + 10 + 10 + 100 + 20 + 10 + 3.
    expect(bound.perPhase).toEqual({
      init: 5,
      investigation: 20,
      requirements: 10,
      planning: 10,
      implementation: 100,
      testing: 20,
      quality: 10,
      done: 3,
    });
    expect(bound.iterations).toBe(178);
    expect(bound.attempts).toBe(179 * 3 + 1);
    expect(bound.backoffPerIterationMs).toBe(5_000 + 10_000);
    expect(bound.wallMs).toBe(538 * 1_800_000 + 179 * 15_000 + 6 * HOUR);
  });

  it('allows one more attempt with a fallback provider: the one that moves to it at once', () => {
    const input = {
      registry: PHASE_REGISTRY,
      timeoutMs: 1_800_000,
      from: { phase: 'init', sub: 'running' },
      context: initialContext(),
    } as const;
    const bound = buildBound({ ...input, settings: { ...settings, fallbackAfterMs: 900_000 } });
    expect(bound.attempts).toBe(179 * 3 + 1 + 1);
    expect(bound.wallMs).toBe(539 * 1_800_000 + 179 * 15_000 + 6 * HOUR);
  });

  it('counts only what is left and what can still be reached', () => {
    const context = {
      ...initialContext(),
      iterations: { ...initialContext().iterations, testing: 15, quality: 10 },
    };
    const bound = buildBound({
      registry: PHASE_REGISTRY,
      settings,
      timeoutMs: 1000,
      from: { phase: 'quality', sub: 'running' },
      context,
    });
    expect(bound.perPhase).toMatchObject({ implementation: 0, testing: 5, quality: 0, done: 3 });
    expect(bound.iterations).toBe(8);
  });

  it('gives a phase blocked on its budget the fresh budget that running again grants', () => {
    const context = { ...initialContext(), iterations: { ...initialContext().iterations, done: 3 } };
    const bound = buildBound({
      registry: PHASE_REGISTRY,
      settings,
      timeoutMs: 1000,
      from: { phase: 'done', sub: 'blocked' },
      context,
    });
    expect(bound.iterations).toBe(3);
  });

  it('is zero for a completed session', () => {
    const bound = buildBound({
      registry: PHASE_REGISTRY,
      settings,
      timeoutMs: 1000,
      from: { phase: 'completed' },
      context: initialContext(),
    });
    expect([bound.iterations, bound.attempts, bound.wallMs]).toEqual([0, 0, 0]);
  });

  it('from the terminal phase reaches testing and quality again only when a failed verification can send it back', () => {
    const fromDone = (verify: boolean) =>
      buildBound({
        registry: PHASE_REGISTRY,
        settings: { ...settings, verify },
        timeoutMs: 1_800_000,
        from: { phase: 'done', sub: 'running' },
        context: initialContext(),
      }).perPhase;
    expect(fromDone(false)).toMatchObject({ testing: 0, quality: 0, done: 3 });
    expect(fromDone(true)).toMatchObject({ implementation: 0, testing: 20, quality: 10, done: 3 });
  });
});
