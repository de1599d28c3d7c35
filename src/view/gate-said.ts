/**
 * What the view says about the gate a session is at: its id and number (the machine's), what it
 * asks in plain words, and the commands that decide it from another shell; and the last decision
 * its history records ("approved at 12:04 by root via dashboard"). Pure.
 */
import { isPhase } from '../../machines/phases.js';
import type { GateKind } from '../../machines/state-meaning.js';
import { renderDecision } from '../gates/decision-text.js';
import { buildOpenGate } from '../gates/open-gate.js';
import type { HistoryRow } from '../session/history.js';
import type { ViewCommands } from './view-commands.js';
import type { GateCommand, Said, SaidFacts, ViewDecision, ViewGate } from './view-types.js';

function asksOf(kind: GateKind, facts: SaidFacts, said: Said): string {
  const { input, context } = facts;
  switch (kind) {
    case 'approval':
      return `approve or reject the plan (${input.place.planFile ?? `the plan file in ${input.place.dir}, listed in _overview.md`})`;
    case 'answers':
      return `answer the questions in ${input.place.dir}/_qa.md`;
    case 'action':
      return context.waiting?.summary
        ? `do what the agent asks (${context.waiting.summary}), then say it is done`
        : 'do what the agent asks, then say it is done';
    case 'grant':
      if (said.cause?.kind === 'spend-budget')
        return `grant ${said.cause.grant} (or more) to let the next iteration start`;
      if (said.cause?.kind === 'iteration-budget') {
        const { phase } = said.cause;
        return isPhase(phase)
          ? `grant ${phase} another ${input.settings.budgets[phase]} iterations`
          : `grant ${phase} more iterations`;
      }
      return 'grant more';
  }
}

function commandsOf(kind: GateKind, commands: ViewCommands, said: Said): GateCommand[] {
  const { decide } = commands;
  const stop: GateCommand = { label: 'stop the waiting run', command: decide.stop };
  switch (kind) {
    case 'approval':
      return [
        { label: 'approve', command: decide.approve },
        { label: 'reject (add --reason TEXT)', command: decide.reject },
        stop,
      ];
    case 'answers':
      return [{ label: 'answered in _qa.md (or add --file F)', command: decide.answer }, stop];
    case 'action':
      return [{ label: 'done', command: decide.approve }, stop];
    case 'grant':
      return [
        {
          label: 'grant',
          command: decide.grant(said.cause?.kind === 'spend-budget' ? said.cause.grant : undefined),
        },
        stop,
      ];
  }
}

/** The open gate of a parked session, or undefined when it is not at one. */
export function sayGate(facts: SaidFacts, said: Said): ViewGate | undefined {
  const gate = buildOpenGate(facts.input.place.dir, facts.input.snapshot);
  if (gate === undefined) return undefined;
  return {
    id: gate.id,
    kind: gate.kind,
    seq: gate.seq,
    asks: asksOf(gate.kind, facts, said),
    ...(gate.openedAt === undefined ? {} : { openedAt: gate.openedAt }),
    commands: commandsOf(gate.kind, facts.commands, said),
  };
}

/** The last decision the history records, in the words every channel uses. */
export function lastDecisionOf(rows: readonly HistoryRow[], now: number): ViewDecision | undefined {
  const row = rows.findLast((candidate) => candidate.decision !== undefined);
  if (row?.decision === undefined) return undefined;
  return { ...row.decision, text: renderDecision(row.decision, { now: new Date(now) }) };
}
