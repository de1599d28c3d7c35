/**
 * The state questions against a table written by hand from SPEC §3 and the README (not read from
 * the registry it checks): one row per sub-state.
 */
import { describe, expect, it } from 'vitest';
import {
  activityOf,
  awaitedGate,
  exitClassOf,
  isCompletionClaimed,
  isInFlight,
  isIterationOpen,
  needsHuman,
} from '../../machines/state-meaning.js';
import { SUB_STATES, type SubState } from '../../machines/sub-states.js';

const ORACLE: Record<
  SubState,
  { open: boolean; inFlight: boolean; human: boolean; activity: string | undefined; exit: string | undefined }
> = {
  running: { open: true, inFlight: true, human: false, activity: 'attempt', exit: undefined },
  verifying: { open: false, inFlight: true, human: false, activity: 'verify', exit: undefined },
  retrying: { open: true, inFlight: true, human: false, activity: 'backoff', exit: undefined },
  suspended: { open: true, inFlight: true, human: false, activity: 'limit', exit: undefined },
  paused: { open: false, inFlight: false, human: false, activity: undefined, exit: 'paused' },
  awaitingAnswers: { open: false, inFlight: false, human: true, activity: undefined, exit: 'waiting' },
  awaitingAction: { open: false, inFlight: false, human: true, activity: undefined, exit: 'waiting' },
  awaitingApproval: { open: false, inFlight: false, human: true, activity: undefined, exit: 'waiting' },
  blocked: { open: false, inFlight: false, human: true, activity: undefined, exit: 'blocked' },
  failed: { open: true, inFlight: false, human: true, activity: undefined, exit: 'failed' },
};

describe('state meaning', () => {
  it.each(SUB_STATES)('%s: open iteration, in flight, needs a human, activity and exit class', (sub) => {
    const state = { phase: 'implementation', sub } as const;
    expect({
      open: isIterationOpen(state),
      inFlight: isInFlight(state),
      human: needsHuman(state),
      activity: activityOf(state),
      exit: exitClassOf(state),
    }).toEqual(ORACLE[sub]);
  });

  it('a completed session is not open, not in flight, needs nobody and exits complete', () => {
    const state = { phase: 'completed' } as const;
    expect([isIterationOpen(state), isInFlight(state), needsHuman(state), exitClassOf(state)]).toEqual([
      false,
      false,
      false,
      'complete',
    ]);
  });

  it('names the gate a session waits at, one per waiting sub-state', () => {
    expect(awaitedGate({ phase: 'planning', sub: 'awaitingApproval' })).toBe('approval');
    expect(awaitedGate({ phase: 'requirements', sub: 'awaitingAnswers' })).toBe('answers');
    expect(awaitedGate({ phase: 'implementation', sub: 'awaitingAction' })).toBe('action');
    expect(awaitedGate({ phase: 'implementation', sub: 'blocked' })).toBe(undefined);
  });

  it('a completion is only claimed when no verify command ran on it', () => {
    const completed = { phase: 'completed' } as const;
    expect(isCompletionClaimed(completed, {})).toBe(true);
    expect(isCompletionClaimed(completed, { receipt: { command: null } })).toBe(true);
    expect(isCompletionClaimed(completed, { receipt: { command: 'npm test' } })).toBe(false);
    expect(isCompletionClaimed({ phase: 'done', sub: 'running' }, {})).toBe(false);
  });
});
