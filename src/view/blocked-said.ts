/**
 * What the view says about a blocked session, per rule that blocked it: the agent's own report,
 * an iteration or spend budget, no progress, no signal, an invalid or refused signal. The words
 * are built from the context and settings, not from the machine's reason text (which JSON keeps).
 * A check of `done` that failed since the last completion is named too. Pure.
 */
import { emptySpendBook, NO_GRANT, overSpend, renderAmount, type SpendKind } from '../../machines/budget.js';
import type { Block } from '../../machines/context.js';
import { type Phase, TERMINAL_PHASE } from '../../machines/phases.js';
import type { RuleId } from '../../machines/rules.js';
import type { StateOf } from '../../machines/sub-states.js';
import { grantToContinue, renderGrant } from './grant-amount.js';
import { checkDetails, renderCheckResult } from './last-check.js';
import type { Said, SaidFacts } from './view-types.js';
import { NEED_WORDS, plural, shown, withoutRulePrefix } from './view-words.js';

/** The block as the machine recorded it, and where. */
interface Blocked {
  readonly facts: SaidFacts;
  readonly phase: Phase;
  readonly block: Block;
  /** `blocked in <phase>`. */
  readonly where: string;
}

const problemOf = (block: Block): string => withoutRulePrefix(block.rule, block.reason);

const logsStep = ({ facts }: Blocked, what: string) => ({
  text: `${what} (${facts.input.place.dir}/_logs), then run again`,
  command: facts.commands.run,
});

const SPEND_WORDS: Readonly<Record<SpendKind, string>> = { costUsd: 'cost', tokens: 'token', ms: 'time' };

function spendBlock(blocked: Blocked): Said {
  const { facts, phase, where } = blocked;
  const { context, input, commands } = facts;
  const book = context.spend ?? emptySpendBook();
  const granted = context.granted ?? NO_GRANT;
  const over = overSpend(input.settings.caps, granted, book, phase);
  // The caps were raised since: the next run may go on as it is.
  if (over === undefined)
    return {
      headline: `${where}: a spend cap was reached (the caps have changed since)`,
      details: [problemOf(blocked.block)],
      next: { text: 'run again', command: commands.run },
    };
  const amounts = grantToContinue(input.settings.caps, granted, book, phase);
  const grant = renderGrant(amounts);
  const scope = over.scope === 'session' ? 'session' : `'${over.scope}' phase`;
  const spent = renderAmount(over.kind, over.spent);
  const cap = renderAmount(over.kind, over.cap);
  const largest = renderAmount(over.kind, book.largest[over.kind]);
  const single = Object.keys(amounts).length === 1 ? amounts[over.kind] : undefined;
  return {
    headline: `${where}: the next iteration would pass the ${scope} ${SPEND_WORDS[over.kind]} cap (${spent} spent of ${cap}; the largest attempt used ${largest})`,
    cause: {
      kind: 'spend-budget',
      scope: over.scope,
      spend: over.kind,
      spent: over.spent,
      cap: over.cap,
      grant,
    },
    next: {
      text: `grant ${single === undefined ? 'more' : `${renderAmount(over.kind, single)} more`} and run again`,
      command: commands.grant(grant),
    },
  };
}

function budgetBlock({ facts, phase, where }: Blocked): Said {
  const { context, input, commands, check } = facts;
  const budget = input.settings.budgets[phase];
  const granted = context.allowance?.[phase] ?? 0;
  const allowed = budget + granted;
  const used = context.iterations?.[phase] ?? allowed;
  const all =
    granted > 0
      ? `all ${allowed} of its iterations (${budget} + ${granted} granted)`
      : `all ${allowed} of its iterations`;
  const again = `run again to allow ${budget} more iterations of ${phase}`;
  return {
    headline: `${where}: it has used ${all}${check ? `; samocode's check still fails: ${renderCheckResult(check)}` : ''}`,
    cause: { kind: 'iteration-budget', phase, used, allowed },
    next: check
      ? { text: `make \`${check.command}\` pass, then ${again}`, command: commands.run }
      : { text: again, command: commands.run },
  };
}

const refused =
  (rule: RuleId) =>
  (blocked: Blocked): Said => {
    const problem = problemOf(blocked.block);
    return {
      headline: `${blocked.where}: the agent's signal is not allowed here`,
      details: [problem],
      cause: { kind: 'rejected-signal', rule, problem },
      next: logsStep(blocked, "look at the agent's logs"),
    };
  };

/** What each rule that blocks says. */
const BLOCKED_BY: Readonly<Record<Block['rule'], (blocked: Blocked) => Said>> = {
  agent: (blocked) => ({
    headline: `${blocked.where}: the agent needs ${NEED_WORDS[blocked.block.needs]}`,
    details: [`the agent says: ${shown(blocked.block.reason)}`],
    cause: { kind: 'agent-block', needs: blocked.block.needs, reason: blocked.block.reason },
    next: { text: 'resolve it, then run', command: blocked.facts.commands.run },
  }),
  'budget-exhausted': budgetBlock,
  'spend-exhausted': spendBlock,
  'no-progress': (blocked) => {
    const { context, input } = blocked.facts;
    const iterations =
      context.progress === undefined ? input.settings.noProgressIterations : context.progress.streak;
    return {
      headline: `${blocked.where}: ${iterations} iterations in a row changed nothing (the same worktree, session documents and signal)`,
      cause: { kind: 'no-progress', iterations },
      next: logsStep(blocked, 'look at what the agent did'),
    };
  },
  'no-signal': (blocked) => {
    const attempts = blocked.facts.context.attempt ?? 1;
    return {
      headline: `${blocked.where}: the agent ended ${plural(attempts, 'attempt')} without writing _signal.json`,
      cause: { kind: 'no-signal', attempts },
      next: logsStep(blocked, "look at the agent's logs"),
    };
  },
  'invalid-signal': (blocked) => {
    const problem = problemOf(blocked.block);
    return {
      headline: `${blocked.where}: the agent wrote an invalid _signal.json`,
      details: [problem],
      cause: { kind: 'invalid-signal', problem },
      next: logsStep(blocked, "look at the agent's logs"),
    };
  },
  'status-not-allowed': refused('status-not-allowed'),
  'target-not-allowed': refused('target-not-allowed'),
  'wait-changes-phase': refused('wait-changes-phase'),
  'wait-not-allowed': refused('wait-not-allowed'),
  'blocked-changes-phase': refused('blocked-changes-phase'),
  'done-outside-done': refused('done-outside-done'),
};

export function sayBlocked(facts: SaidFacts, state: StateOf): Said {
  const phase: Phase = state.sub === undefined ? TERMINAL_PHASE : state.phase;
  const where = `blocked in ${phase}`;
  const block = facts.context.blocked;
  const said =
    block === undefined
      ? { headline: where, next: { text: 'resolve it, then run', command: facts.commands.run } }
      : BLOCKED_BY[block.rule]({ facts, phase, block, where });
  return { ...said, details: [...(said.details ?? []), ...checkDetails(facts.check)] };
}
