/**
 * One view of a session: what every surface says about it (the console's end line, `status`,
 * `ls`, the dashboard, `_overview.md`, notifications), built once from its snapshot, settings,
 * history, lock and place. Pure: surfaces only lay it out.
 *
 * @example
 * buildSessionView({ place, settings, snapshot, rows, isLive: false, now }).next
 * // { text: 'answer the questions in /s/26-12-07-mul/_qa.md, then run',
 * //   command: 'samocode run --config /p/.samocode --session 26-12-07-mul' }
 */
import { readSavedContext } from '../../machines/context.js';
import { exitClassOf, isInFlight } from '../../machines/state-meaning.js';
import { renderState, renderStateValue, type StateOf, toStateOf } from '../../machines/sub-states.js';
import { EXIT_CODE_OF } from '../runner/exit-code.js';
import { iterationsRun } from '../runner/iteration-count.js';
import { costBasisOfRows, formatCost } from '../text/cost-text.js';
import { classifyAttention, NEEDS_HUMAN } from './attention.js';
import { lastDecisionOf, sayGate } from './gate-said.js';
import { lastFailedCheck } from './last-check.js';
import { buildModelsView } from './models-view.js';
import { sayBeforeState, sayInFlight } from './moving-said.js';
import { sayParked } from './parked-said.js';
import { buildViewCommands } from './view-commands.js';
import type { ViewInput } from './view-input.js';
import type { Said, SaidFacts, SessionView, ViewGate } from './view-types.js';

const round = (usd: number): number => Math.round(usd * 1e6) / 1e6;

function spendOf(rows: ViewInput['rows']): SessionView['spend'] {
  const costUsd = round(rows.reduce((sum, row) => sum + row.costUsd, 0));
  const costBasis = costBasisOfRows(rows);
  return {
    costUsd,
    costBasis,
    costText: formatCost(costUsd, costBasis),
    tokens: {
      input: rows.reduce((sum, row) => sum + row.tokens.input, 0),
      output: rows.reduce((sum, row) => sum + row.tokens.output, 0),
    },
  };
}

/** The state, or why `_state.json` cannot be used. */
function readState(input: ViewInput): { state?: StateOf; problem?: string } {
  if (input.problem !== undefined) return { problem: input.problem };
  if (input.snapshot === undefined) return {};
  const state = toStateOf(input.snapshot.value);
  if (state !== undefined) return { state };
  const text = renderStateValue(input.snapshot.value).slice(0, 80);
  return { problem: `_state.json holds a state this samocode does not know (${text})` };
}

export function buildSessionView(input: ViewInput): SessionView {
  const { state, problem } = readState(input);
  const context = readSavedContext(input.snapshot?.context);
  const attention = classifyAttention(state, input.isLive, problem !== undefined);
  const commands = buildViewCommands(input.place);
  const run = iterationsRun(state, context);
  const check = state?.sub === undefined ? undefined : lastFailedCheck(context.receipt);
  const facts: SaidFacts = { input, context, commands, check, run };
  const parked = state === undefined || isInFlight(state) ? undefined : sayParked(facts, state);
  const gate = parked === undefined ? undefined : sayGate(facts, parked);
  const said =
    state === undefined
      ? sayBeforeState(facts, attention, problem)
      : parked === undefined
        ? sayInFlight(facts, attention, state)
        : withLiveRun(parked, facts, state, gate);
  const code = state === undefined ? undefined : exitCodeOf(state);
  const lastDecision = lastDecisionOf(input.rows, input.now);
  return {
    session: input.place.folder,
    dir: input.place.dir,
    attention,
    needsHuman: NEEDS_HUMAN[attention],
    phase: state === undefined ? '' : state.sub === undefined ? 'done' : state.phase,
    headline: said.headline,
    details: said.details ?? [],
    ...(said.cause ? { cause: said.cause } : {}),
    ...(check ? { lastCheck: check } : {}),
    ...(said.next ? { next: said.next } : {}),
    iterations: { total: run.total, perPhase: run.perPhase },
    spend: spendOf(input.rows),
    machine: {
      state: state ? renderState(state) : problem ? 'unreadable' : 'not started',
      ...(code === undefined ? {} : { exitCode: code }),
      ...(context.blocked
        ? { rule: context.blocked.rule, needs: context.blocked.needs, reason: context.blocked.reason }
        : {}),
      ...(context.waiting ? { waitFor: context.waiting.for } : {}),
      ...(context.failure ? { outcome: context.failure.outcome, reason: context.failure.message } : {}),
    },
    ...(gate ? { gate } : {}),
    ...(lastDecision ? { lastDecision } : {}),
    ...(input.routing ? { models: buildModelsView(input.routing, state, context, input.rows) } : {}),
  };
}

/**
 * A parked session a run holds now: at a gate the run waits for its decision (`run --wait`), so the
 * next step is the command that decides it; elsewhere it is resuming it: follow that run.
 */
function withLiveRun(said: Said, facts: SaidFacts, state: StateOf, gate: ViewGate | undefined): Said {
  if (!facts.input.isLive || exitClassOf(state) === 'complete') return said;
  const [first] = gate?.commands ?? [];
  if (gate !== undefined && first !== undefined)
    return {
      ...said,
      next: { text: `${gate.asks}; the waiting run goes on at once`, command: first.command },
    };
  return {
    ...said,
    next: { text: 'a samocode run holds it now; follow it with', command: facts.commands.follow },
  };
}

function exitCodeOf(state: StateOf): number | undefined {
  const exitClass = exitClassOf(state);
  return exitClass === undefined ? undefined : EXIT_CODE_OF[exitClass];
}
