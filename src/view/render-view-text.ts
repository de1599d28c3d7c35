/**
 * The session view as plain text: the console's end message, the `state:`/`next:` block of
 * `status`, and the overview's `Last Action`/`Next`. Machine words appear only with `verbose`. Pure.
 */
import type { MachineFacts, NextStep, SessionView } from './view-types.js';

/** `resolve it, then run: samocode run …`. */
export function renderNext(next: NextStep): string {
  return next.command === undefined ? next.text : `${next.text}: ${next.command}`;
}

/** `planning.awaitingApproval (exit 10; waits for plan_approval)`: the machine's words, for `--verbose`. */
export function renderMachineFacts(machine: MachineFacts): string {
  const parts = [
    machine.exitCode === undefined ? '' : `exit ${machine.exitCode}`,
    machine.rule ? `rule ${machine.rule}` : '',
    machine.needs ? `needs ${machine.needs}` : '',
    machine.waitFor ? `waits for ${machine.waitFor}` : '',
    machine.outcome ? `outcome ${machine.outcome}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `${machine.state} (${parts.join('; ')})` : machine.state;
}

/**
 * How a run ended, for the console: the headline, its details indented, and what to do next.
 *
 * @example
 * // blocked in investigation: the agent needs a clarification
 * //   the agent says: which database?
 * //   next: resolve it, then run: samocode run --config /p/.samocode --session 26-12-07-db
 */
export function renderEndMessage(view: SessionView): string {
  const lines = [view.headline, ...view.details.map((line) => `  ${line}`)];
  if (view.next) lines.push(`  next: ${renderNext(view.next)}`);
  return lines.join('\n');
}

/** The overview's `Last Action` and `Next` once a run stops (one line each). */
export function renderOverviewEnding(view: SessionView): { lastAction: string; next: string } {
  const [first] = view.details;
  return {
    lastAction: `samocode: ${view.headline}${first === undefined ? '' : ` (${first})`}`,
    next: view.next ? renderNext(view.next) : 'nothing to do',
  };
}

/** The `state:`, detail, `next:` (and with `verbose`, `machine:`) lines of `status`. */
export function renderViewLines(view: SessionView, verbose: boolean): string[] {
  const lines = [`state: ${view.headline}`, ...view.details.map((line) => `  ${line}`)];
  if (view.next) lines.push(`next: ${renderNext(view.next)}`);
  if (view.gate) {
    const since = view.gate.openedAt ? `, open since ${view.gate.openedAt}` : '';
    lines.push(`gate: ${view.gate.id} (${view.gate.asks}${since})`);
    lines.push(...view.gate.commands.map((command) => `  ${command.label}: ${command.command}`));
  }
  if (view.lastDecision) lines.push(`last decision: ${view.lastDecision.text} (${view.lastDecision.gateId})`);
  if (verbose) {
    lines.push(`machine: ${renderMachineFacts(view.machine)}`);
    if (view.machine.reason) lines.push(`machine reason: ${view.machine.reason}`);
  }
  return lines;
}
