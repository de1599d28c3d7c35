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

  describe('escalations', () => {
    const escalationsFrom = (
      overrides: Partial<typeof settings>,
      from: { phase: 'init' | 'testing' | 'implementation'; sub: 'running' | 'blocked' },
      context = initialContext(),
    ) =>
      buildBound({
        registry: PHASE_REGISTRY,
        settings: { ...settings, ...overrides },
        timeoutMs: 1000,
        from,
        context,
      }).escalations;
    const fresh = { phase: 'init', sub: 'running' } as const;

    it('are none without an escalation model', () => {
      expect(Object.values(escalationsFrom({}, fresh))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    });

    it('are one per phase the session cannot come back to, and every iteration of the testing ⇄ quality loop', () => {
      expect(escalationsFrom({ escalate: true }, fresh)).toEqual({
        init: 1,
        investigation: 1,
        requirements: 1,
        planning: 1,
        implementation: 1,
        testing: 20,
        quality: 10,
        done: 1,
      });
    });

    it('with a verify command, done is in the loop too (a failed check goes back to testing)', () => {
      expect(escalationsFrom({ escalate: true, verify: true }, fresh).done).toBe(3);
    });

    it('none in a visit that has used its escalation; one when that escalated iteration is still to run', () => {
      const used = { ...initialContext(), escalatedIn: 'implementation' as const };
      const at = { phase: 'implementation', sub: 'blocked' } as const;
      expect(escalationsFrom({ escalate: true }, at, used).implementation).toBe(0);
      const pending = { ...used, escalation: { cause: 'blocked' as const, reason: 'x' } };
      expect(escalationsFrom({ escalate: true }, at, pending).implementation).toBe(1);
      // A loop phase is bounded by its iterations whatever the visit used.
      const inTesting = { ...initialContext(), escalatedIn: 'testing' as const };
      expect(
        escalationsFrom({ escalate: true }, { phase: 'testing', sub: 'running' }, inTesting).testing,
      ).toBe(20);
    });

    it('never more than the iterations left', () => {
      const spent = {
        ...initialContext(),
        iterations: { ...initialContext().iterations, testing: 18, implementation: 100 },
      };
      const bound = escalationsFrom({ escalate: true }, { phase: 'testing', sub: 'running' }, spent);
      expect(bound).toMatchObject({ implementation: 0, testing: 2, quality: 10, done: 1 });
    });
  });
});
