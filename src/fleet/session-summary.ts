/** One line of `ls` (and one card of the dashboard), built from what was read. Pure. */
import { readSavedContext, type SavedContext } from '../../machines/context.js';
import { renderState, renderStateValue, type StateOf, toStateOf } from '../../machines/sub-states.js';
import type { CostBasis } from '../providers/types.js';
import { iterationsRun } from '../runner/iteration-count.js';
import { costBasisOfRows } from '../text/cost-text.js';
import type { SessionFiles } from './read-session-files.js';
import { type Attention, classifyAttention, needsHuman } from './session-attention.js';

export interface SessionSummary {
  /** The folder name; `--session <folder>` names it exactly. */
  readonly session: string;
  readonly dir: string;
  readonly phase: string;
  readonly subState: string;
  readonly state: string;
  readonly attention: Attention;
  readonly needsHuman: boolean;
  readonly iterations: number;
  readonly costUsd: number;
  /** Reported, estimated (codex) or none (no attempt reported a cost). */
  readonly costBasis: CostBasis;
  readonly tokens: { readonly input: number; readonly output: number };
  readonly worker: { readonly isRunning: boolean; readonly pid?: number; readonly host?: string };
  readonly lastChange: string;
  /** What the session waits for, in a few words (a human, a reset time, a run). */
  readonly waitsFor: string;
  /** Why it waits, is blocked or failed, or what is wrong with its files. */
  readonly detail?: string;
  /** Problems with the files, e.g. corrupt history lines. */
  readonly problems: readonly string[];
  /** The command that moves it on, or undefined when nothing will (completed, running). */
  readonly continueWith?: string;
}

export interface SummaryPlace {
  readonly configPath: string;
}

function waitsFor(attention: Attention, state: StateOf | undefined, context: SavedContext): string {
  switch (attention) {
    case 'waiting':
      return state?.sub === 'awaitingApproval' ? 'plan_approval' : (context.waiting?.for ?? 'a human');
    case 'blocked':
      return context.blocked?.needs ?? 'human_decision';
    case 'failed':
      return `a fix (${context.failure?.kind ?? 'provider failed'})`;
    case 'corrupt':
      return 'a repair of its files';
    case 'interrupted':
      return 'a run (stopped mid-iteration)';
    case 'paused':
      return 'a run (stopped after one iteration)';
    case 'suspended':
      return context.suspension?.resetsAt
        ? `usage limit reset ${context.suspension.resetsAt}`
        : 'usage limit reset';
    case 'new':
      return 'a first run';
    default:
      return '';
  }
}

function detailOf(
  attention: Attention,
  context: SavedContext,
  problem: string | undefined,
): string | undefined {
  switch (attention) {
    case 'corrupt':
      return problem;
    case 'waiting':
      return context.waiting?.summary;
    case 'blocked':
      return context.blocked?.reason;
    case 'failed':
      return context.failure ? `${context.failure.outcome}: ${context.failure.message}` : undefined;
    case 'suspended':
      return context.suspension?.message;
    case 'completed':
      return context.summary;
    default:
      return undefined;
  }
}

function continueWith(attention: Attention, state: StateOf | undefined, args: string): string | undefined {
  if (attention === 'completed' || attention === 'running') return undefined;
  if (attention === 'corrupt') return `samocode status ${args}`;
  if (state?.sub === 'awaitingApproval') return `samocode approve ${args} && samocode run ${args}`;
  return `samocode run ${args}`;
}

const round = (usd: number): number => Math.round(usd * 1e6) / 1e6;

export function buildSessionSummary(files: SessionFiles, place: SummaryPlace): SessionSummary {
  const parsedState = files.state ? toStateOf(files.state.snapshot.value) : undefined;
  const unknown =
    files.state && !parsedState
      ? `_state.json holds a state this samocode does not know (${renderStateValue(files.state.snapshot.value).slice(0, 80)})`
      : undefined;
  const problem = files.stateProblem ?? unknown;
  const context = readSavedContext(files.state?.snapshot.context);
  const attention: Attention = problem ? 'corrupt' : classifyAttention(parsedState, files.lock.isLive);
  const args = `--config ${place.configPath} --session ${files.folder}`;
  const detail = detailOf(attention, context, problem);
  const command = continueWith(attention, parsedState, args);
  const problems = [
    ...(files.corruptHistoryLines > 0
      ? [`${files.corruptHistoryLines} corrupt history line(s) skipped`]
      : []),
    ...(files.historyProblem ? [files.historyProblem] : []),
    ...(files.lock.problem ? [files.lock.problem] : []),
  ];
  return {
    session: files.folder,
    dir: files.dir,
    phase: parsedState?.phase ?? (problem ? '?' : 'not started'),
    subState: parsedState?.sub ?? '',
    state: parsedState ? renderState(parsedState) : problem ? 'unreadable' : 'not started',
    attention,
    needsHuman: needsHuman(attention),
    iterations:
      context.totalIterations === undefined ? files.rows.length : iterationsRun(parsedState, context).total,
    costUsd: round(files.rows.reduce((sum, row) => sum + row.costUsd, 0)),
    costBasis: costBasisOfRows(files.rows),
    tokens: {
      input: files.rows.reduce((sum, row) => sum + row.tokens.input, 0),
      output: files.rows.reduce((sum, row) => sum + row.tokens.output, 0),
    },
    worker: {
      isRunning: files.lock.isLive,
      ...(files.lock.isLive && files.lock.holder
        ? { pid: files.lock.holder.pid, host: files.lock.holder.host }
        : {}),
    },
    lastChange: new Date(files.changedAtMs).toISOString(),
    waitsFor: waitsFor(attention, parsedState, context),
    ...(detail ? { detail } : {}),
    problems,
    ...(command ? { continueWith: command } : {}),
  };
}
