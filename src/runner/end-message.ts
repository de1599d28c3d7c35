/**
 * How a run ended and what to do next, with the command: one sentence for the console, the same
 * two parts for the overview's `Last Action` and `Next`, and the `next:` line of `status`. Pure.
 */

import type { Receipt } from '../../machines/receipt.js';
import { quote } from '../../machines/signal.js';
import { renderState, type StateOf, type SubState } from '../../machines/sub-states.js';
import { EXIT } from '../exit-codes.js';
import { completionOf, describeCompletion } from '../verify/completion-text.js';
import type { WorkState } from '../verify/work-state.js';

export interface EndPlace {
  readonly sessionName: string;
  readonly configPath: string;
  /** The session folder, so a wait names the files to read or edit by their full path. */
  readonly sessionDir?: string;
  /** The plan the agent wrote (`NNN-plan-….md` in the session folder), when there is one. */
  readonly planFile?: string;
  /** The session branch and the worktree holding it, for what to do with a completed session. */
  readonly branch?: string;
  readonly workDir?: string;
}

/** What the parts read from the context; the machine's context has it, and `status` parses it from the file. */
export interface EndContext {
  readonly waiting?: { readonly for: string; readonly summary?: string | undefined } | undefined;
  readonly blocked?: { readonly reason: string; readonly needs: string } | undefined;
  readonly failure?: { readonly outcome: string; readonly message: string } | undefined;
  readonly summary?: string | undefined;
  readonly receipt?: Receipt | undefined;
}

/** The agent's own text (a summary, a reason) is kept whole in the session files and shortened here. */
const SHOWN_CHARS = 600;
const shown = (text: string): string => quote(text, SHOWN_CHARS);

export interface EndParts {
  /** What happened: `blocked in init (human_decision): …`. */
  readonly happened: string;
  /** What to do, with the command. */
  readonly next: string;
}

interface Said {
  readonly state: StateOf;
  readonly context: EndContext;
  readonly args: string;
  readonly again: string;
  readonly exitCode: number;
  readonly dir: string;
  readonly planFile?: string;
}

const stoppedIn = ({ state, exitCode, again }: Said): EndParts => ({
  happened: `stopped in ${renderState(state)} with exit code ${exitCode}`,
  next: `continue with: ${again}`,
});

/** What a run that stopped in each sub-state says. */
const SAID_IN: Readonly<Record<SubState, (said: Said) => EndParts>> = {
  running: stoppedIn,
  verifying: stoppedIn,
  retrying: stoppedIn,
  suspended: stoppedIn,
  paused: ({ state, again }) => ({
    happened: `stopped after one iteration in ${renderState(state)}`,
    next: `continue with: ${again}`,
  }),
  awaitingAnswers: ({ context, again, dir }) => ({
    happened: `waiting for a human (${context.waiting?.for ?? 'input'}${context.waiting?.summary ? `: ${shown(context.waiting.summary)}` : ''})`,
    next: `answer the questions in ${dir}/_qa.md; when done, run: ${again}`,
  }),
  awaitingAction: ({ context, again, dir }) => ({
    happened: `waiting for a human (${context.waiting?.for ?? 'input'}${context.waiting?.summary ? `: ${shown(context.waiting.summary)}` : ''})`,
    next: `the session folder is ${dir}; when done, run: ${again}`,
  }),
  awaitingApproval: ({ args, again, dir, planFile }) => ({
    happened: 'the plan waits for approval',
    next: `read it (${planFile ?? `the plan file in ${dir}, listed in _overview.md`}), then run: samocode approve ${args} (and ${again})`,
  }),
  blocked: ({ state, context, again }) => ({
    happened: `blocked in ${state.phase} (${context.blocked?.needs ?? 'human_decision'}): ${context.blocked ? shown(context.blocked.reason) : 'no reason recorded'}`,
    next: `resolve it, then run: ${again}`,
  }),
  failed: ({ state, context, again }) => ({
    happened: `the provider failed in ${state.phase} (${context.failure?.outcome ?? 'unknown'}): ${context.failure?.message ?? 'no message'}`,
    next: `fix it, then run: ${again}`,
  }),
};

export function renderEndParts(
  exitCode: number,
  state: StateOf,
  context: EndContext,
  place: EndPlace,
  work?: WorkState,
): EndParts {
  const args = `--config ${place.configPath} --session ${place.sessionName}`;
  const again = `samocode run ${args}`;
  if (exitCode === EXIT.interrupted) {
    return {
      happened: `interrupted in ${renderState(state)}`,
      next: `the iteration runs again with: ${again}`,
    };
  }
  if (state.sub === undefined) {
    const completion = describeCompletion(completionOf(context.receipt, work));
    const where = place.branch
      ? `review the branch ${place.branch}${place.workDir ? ` (in ${place.workDir})` : ''}, merge it`
      : 'review the work, merge it';
    return {
      happened: `session ${completion}${context.summary ? `; summary: ${shown(context.summary)}` : ''}`,
      next: `${where}, then remove the worktree with: samocode clean ${args}`,
    };
  }
  const dir = place.sessionDir ?? place.sessionName;
  return SAID_IN[state.sub]({
    state,
    context,
    args,
    again,
    exitCode,
    dir,
    ...(place.planFile ? { planFile: place.planFile } : {}),
  });
}

/** The console's sentence: what happened; what to do. */
export function joinEndParts(parts: EndParts): string {
  return `${parts.happened}; ${parts.next}`;
}
