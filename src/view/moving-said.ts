/**
 * What the view says about a session that is not parked: not started, unreadable, or in a state a
 * run only passes through (running, retrying, waiting out a usage limit, checking a `done`), with
 * a live run or interrupted. Pure.
 */
import { type Activity, activityOf } from '../../machines/state-meaning.js';
import type { StateOf } from '../../machines/sub-states.js';
import type { Attention } from './attention.js';
import { renderLimitWait } from './transition-words.js';
import type { Said, SaidFacts } from './view-types.js';
import { isOutcomeKind, OUTCOME_WORDS, renderClock } from './view-words.js';

/** A session without a usable state: never started, starting, or with an unreadable `_state.json`. */
export function sayBeforeState(facts: SaidFacts, attention: Attention, problem: string | undefined): Said {
  const { commands } = facts;
  if (problem !== undefined) {
    return {
      headline: 'its state file (_state.json) cannot be read',
      details: [problem],
      cause: { kind: 'corrupt', problem },
      next: { text: 'repair or move aside _state.json as said above, then run', command: commands.run },
    };
  }
  if (attention === 'running')
    return {
      headline: 'starting its first iteration',
      next: { text: 'it is running; follow it with', command: commands.follow },
    };
  return { headline: 'not started yet', next: { text: 'start it with', command: commands.run } };
}

const verifyCommandOf = (facts: SaidFacts): string =>
  facts.input.settings.verifyCommand === ''
    ? 'the verify command'
    : `\`${facts.input.settings.verifyCommand}\``;

const limitWait = (facts: SaidFacts): string =>
  renderLimitWait(facts.context.suspension ?? { waitMs: 0 }, facts.input.now);

/** A live run's state: what it is doing now. */
function sayLive(facts: SaidFacts, activity: Activity, state: StateOf): Said {
  const { context, commands, run, input } = facts;
  const attempt = context.attempt ?? 1;
  const of = `${attempt} of ${input.settings.maxAttempts}`;
  const follow = { text: 'it is running; follow it with', command: commands.follow };
  switch (activity) {
    case 'attempt':
      return { headline: `running iteration ${run.total} in ${state.phase}, attempt ${of}`, next: follow };
    case 'verify':
      return {
        headline: `checking the agent's done with ${verifyCommandOf(facts)} (iteration ${run.total})`,
        next: follow,
      };
    case 'backoff': {
      const failure = context.failure;
      const why = failure
        ? `attempt ${attempt - 1} failed: ${isOutcomeKind(failure.outcome) ? OUTCOME_WORDS[failure.outcome] : failure.outcome}`
        : `attempt ${attempt - 1} ended without writing _signal.json`;
      return {
        headline: `iteration ${run.total} in ${state.phase} runs again shortly as attempt ${of}`,
        details: [why, ...(failure ? [failure.message] : [])],
        cause: { kind: 'retry', attempt, ...(failure ? { outcome: failure.outcome } : {}) },
        next: follow,
      };
    }
    case 'limit': {
      const suspension = context.suspension;
      return {
        headline: `waiting out a usage limit ${limitWait(facts)}; it continues by itself`,
        details: suspension ? [suspension.message] : [],
        cause: {
          kind: 'usage-limit',
          waitMs: suspension?.waitMs ?? 0,
          ...(suspension?.resetsAt ? { resetsAt: suspension.resetsAt } : {}),
          message: suspension?.message ?? '',
        },
        next: { text: 'it continues by itself; follow it with', command: commands.follow },
      };
    }
  }
}

/** What was going on when the run stopped, and how running again picks it up. */
const INTERRUPTED: Readonly<Record<Activity, (facts: SaidFacts, state: StateOf) => Said>> = {
  attempt: ({ run, commands }, state) => ({
    headline: `interrupted during iteration ${run.total} in ${state.phase}`,
    next: { text: 'run it again (the iteration starts over)', command: commands.run },
  }),
  backoff: ({ run, commands }, state) => ({
    headline: `interrupted during iteration ${run.total} in ${state.phase}, before a retry`,
    next: { text: 'run it again (the iteration starts over)', command: commands.run },
  }),
  limit: (facts) => {
    const resetsAt = facts.context.suspension?.resetsAt;
    return {
      headline: `interrupted while waiting out a usage limit${resetsAt ? ` (it resets at ${renderClock(resetsAt)})` : ''}`,
      next: { text: 'run it again (it waits for the reset by itself)', command: facts.commands.run },
    };
  },
  verify: (facts) => ({
    headline: `interrupted while checking the agent's done with ${verifyCommandOf(facts)}`,
    next: { text: 'run it again (the check runs again)', command: facts.commands.run },
  }),
};

/** A state a run only passes through: what the live run does, or where the stopped one was. */
export function sayInFlight(facts: SaidFacts, attention: Attention, state: StateOf): Said {
  const activity = activityOf(state) ?? 'attempt';
  if (attention !== 'interrupted') return sayLive(facts, activity, state);
  const said = INTERRUPTED[activity](facts, state);
  return { ...said, cause: { kind: 'interrupted', activity } };
}
