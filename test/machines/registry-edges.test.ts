import { describe, expect, it } from 'vitest';
import { allEdges, guardLabel } from '../../machines/graph/edges.js';
import { PHASES, type Phase, TERMINAL_PHASE, VERIFY_RETURN_PHASE } from '../../machines/phases.js';
import { buildWorkflow } from '../../machines/workflow.js';
import { registryUnderTest } from '../helpers/registry-mutations.js';

const registry = registryUnderTest();
const phaseOf = (id: string): string => id.split('.')[1] ?? '';

interface Move {
  readonly from: string;
  readonly to: string;
  readonly event: string;
  readonly guard: string;
  readonly edge: string;
}

/** Every edge of a freshly built machine (each test builds its own, so it is seen building it). */
const movesOf = (): Move[] =>
  [...allEdges(buildWorkflow(registry))].flatMap(([transition, edge]) =>
    (transition.target ?? []).map((target) => ({
      from: phaseOf(transition.source.id),
      to: phaseOf(target.id),
      event: transition.eventType,
      guard: guardLabel(transition.guard),
      edge,
    })),
  );

/** samocode's own check of a `done` failed: back to the phase whose agent runs the tests. */
const isVerifyReturn = (move: Move): boolean =>
  move.from === TERMINAL_PHASE && move.to === VERIFY_RETURN_PHASE && move.event === 'verify.failed';

describe('the machine and the registry agree', () => {
  it('every phase-changing edge is a move the registry allows, by the right event', () => {
    const illegal = movesOf()
      .filter((move) => move.from !== move.to)
      .filter((move) => {
        if (move.to === 'completed') {
          const completes = ['signal.done', 'verify.passed', 'resume'].includes(move.event);
          return !(move.from === TERMINAL_PHASE && completes);
        }
        if (isVerifyReturn(move)) return false;
        const allowed = registry[move.from as Phase].next.includes(move.to as Phase);
        const byContinue =
          move.event === 'signal.continue' && move.guard.includes(`isContinueTo(${move.from},${move.to})`);
        const byApproval =
          (move.event === 'approve' ||
            move.event === 'signal.waiting' ||
            (move.event === 'resume' && move.guard.includes('isAutoApprove'))) &&
          registry[move.from as Phase].approval !== undefined;
        return !(allowed && (byContinue || byApproval));
      })
      .map((move) => move.edge);
    expect(illegal).toEqual([]);
  });

  it('every move the registry allows is an edge', () => {
    const moves = movesOf();
    const missing: string[] = [];
    for (const from of PHASES) {
      for (const to of registry[from].next) {
        const gated = registry[from].approval !== undefined;
        const event = gated ? 'approve' : 'signal.continue';
        if (!moves.some((move) => move.from === from && move.to === to && move.event === event)) {
          missing.push(`${from} -> ${to} by ${event}`);
        }
      }
      for (const wait of registry[from].waits) {
        const parks = moves.some(
          (move) =>
            move.from === from &&
            move.event === 'signal.waiting' &&
            move.guard.includes(`isWaitFor(${from},${wait})`),
        );
        if (!parks) missing.push(`${from} waits for ${wait}`);
      }
      if (
        !moves.some(
          (move) =>
            move.from === from &&
            move.event === 'signal.continue' &&
            move.guard.includes(`isContinueTo(${from},${from})`),
        )
      ) {
        if (registry[from].signals.includes('continue')) missing.push(`${from} stays on continue`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('moves only go forward in workflow order, except the quality → testing loop and a failed verification', () => {
    const backwards = movesOf()
      .filter((move) => move.to !== 'completed' && move.from !== move.to)
      .filter((move) => PHASES.indexOf(move.to as Phase) < PHASES.indexOf(move.from as Phase))
      .filter((move) => !(move.from === 'quality' && move.to === 'testing'))
      .filter((move) => !isVerifyReturn(move))
      .map((move) => move.edge);
    expect(backwards).toEqual([]);
  });

  it('only the terminal phase can complete the session', () => {
    const completing = movesOf()
      .filter((move) => move.to === 'completed')
      .map((move) => move.from);
    expect(new Set(completing)).toEqual(new Set([TERMINAL_PHASE]));
  });
});
