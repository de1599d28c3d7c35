/**
 * What the view says about a parked session (waiting, blocked, failed, paused) or a complete one:
 * the cause in plain words and what to run next. Pure.
 */

import { awaitedGate, type Gate } from '../../machines/state-meaning.js';
import { type ExitClass, exitClassOf, type StateOf } from '../../machines/sub-states.js';
import { completionOf, describeCompletion } from '../verify/completion-text.js';
import { sayBlocked } from './blocked-said.js';
import { checkDetails } from './last-check.js';
import type { NextStep, Said, SaidFacts } from './view-types.js';
import { GATE_WORDS, isOutcomeKind, OUTCOME_FIX, OUTCOME_WORDS, plural, shown } from './view-words.js';

type Parked = (facts: SaidFacts, state: StateOf) => Said;

const NEXT_AT_GATE: Readonly<Record<Gate, (facts: SaidFacts) => NextStep>> = {
  answers: ({ input, commands }) => ({
    text: `answer the questions in ${input.place.dir}/_qa.md, then run`,
    command: commands.run,
  }),
  approval: ({ input, commands }) => ({
    text: `read the plan (${input.place.planFile ?? `the plan file in ${input.place.dir}, listed in _overview.md`}), then approve it and run`,
    command: commands.approveAndRun,
  }),
  action: ({ commands }) => ({ text: 'do what the agent asks, then run', command: commands.run }),
};

const waiting: Parked = (facts, state) => {
  const gate = awaitedGate(state) ?? 'action';
  const summary = facts.context.waiting?.summary;
  return {
    headline: GATE_WORDS[gate],
    details: summary ? [`the agent says: ${shown(summary)}`] : [],
    cause: { kind: 'wait', gate, ...(summary ? { summary } : {}) },
    next: NEXT_AT_GATE[gate](facts),
  };
};

const paused: Parked = ({ run, commands }, state) => ({
  headline: `paused after one iteration (--once); iteration ${run.total + 1} in ${state.phase} is next`,
  next: { text: 'continue with', command: commands.run },
});

/** Attempts the failed iteration made: a transient failure counted the next attempt before it gave up. */
function attemptsOf(facts: SaidFacts, isFatal: boolean): number {
  const attempt = facts.context.attempt ?? 1;
  return isFatal ? attempt : Math.max(1, attempt - 1);
}

const failed: Parked = (facts, state) => {
  const { context, commands, input, run } = facts;
  const failure = context.failure;
  const where = `failed in ${state.phase}`;
  if (failure === undefined)
    return { headline: where, next: { text: 'look at session.log, then run', command: commands.run } };
  const words = isOutcomeKind(failure.outcome) ? OUTCOME_WORDS[failure.outcome] : failure.outcome;
  const isFatal = failure.kind === 'fatal';
  const attempts = attemptsOf(facts, isFatal);
  const base = { outcome: failure.outcome, message: failure.message, isFatal, attempts };
  const details = [failure.message, ...checkDetails(facts.check)];
  if (failure.outcome === 'usage_limit') {
    const inARow = (context.limitsInARow ?? 0) + 1 >= input.settings.maxLimitsInARow;
    return inARow
      ? {
          headline: `${where}: the usage limit came back ${input.settings.maxLimitsInARow} times in a row`,
          details,
          cause: { kind: 'provider', ...base, limit: 'in-a-row' },
          next: { text: 'run again once the usage limit has really reset', command: commands.run },
        }
      : {
          headline: `${where}: the usage limit resets later than samocode waits`,
          details,
          cause: { kind: 'provider', ...base, limit: 'too-long' },
          next: { text: 'run again after the reset', command: commands.run },
        };
  }
  if (isFatal) {
    const fix = isOutcomeKind(failure.outcome) ? OUTCOME_FIX[failure.outcome] : undefined;
    return {
      headline: `${where}: ${words}`,
      details,
      cause: { kind: 'provider', ...base },
      next: { text: `${fix ?? 'fix that'}, then run`, command: commands.run },
    };
  }
  return {
    headline: `${where}: all ${plural(attempts, 'attempt')} of iteration ${run.total} failed; the last: ${words}`,
    details,
    cause: { kind: 'provider', ...base },
    next: {
      text: `look at the attempt logs in ${input.place.dir}/_logs, then run again`,
      command: commands.run,
    },
  };
};

const PARKED: Readonly<Record<ExitClass, Parked>> = { waiting, blocked: sayBlocked, failed, paused };

/** What a complete session says: verified or claimed, and what to do with its branch. */
function complete(facts: SaidFacts): Said {
  const { context, input, commands } = facts;
  const completion = completionOf(context.receipt, input.work);
  const { branch, worktree } = input.place;
  const subject = branch ? `the branch ${branch}` : 'the work';
  const next: NextStep =
    worktree !== undefined
      ? {
          text: `review ${subject} (in ${worktree}), merge it, then remove the worktree with`,
          command: commands.clean,
        }
      : {
          text: branch
            ? `the work is on the branch ${branch}; merge it if you have not`
            : 'nothing left to do',
        };
  return {
    headline: describeCompletion(completion),
    details: context.summary ? [`summary: ${shown(context.summary)}`] : [],
    cause: { kind: 'completion', completion: completion.kind },
    next,
  };
}

export function sayParked(facts: SaidFacts, state: StateOf): Said {
  const exitClass = exitClassOf(state);
  if (exitClass === 'complete' || exitClass === undefined) return complete(facts);
  return PARKED[exitClass](facts, state);
}
