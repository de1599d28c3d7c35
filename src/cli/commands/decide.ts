/**
 * `samocode approve|answer|grant|reject`: decide the gate a session is at from another shell. The
 * decision is recorded first-writer-wins; a `run --wait` waiting at the gate applies it at once,
 * otherwise this command applies it through the session loop (taking the run lock), so the next
 * `run` goes on. A decision for a closed or already decided gate changes nothing (exit 2).
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { renderState } from '../../../machines/sub-states.js';
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import type { DecisionPayload } from '../../gates/decision.js';
import { renderAlreadyDecided, renderDecision, renderGateClosed } from '../../gates/decision-text.js';
import { type DecideOutcome, type DecideRequest, decideGate } from '../../runner/decide-gate.js';
import { buildDecisionPlace } from '../../runner/decision-place.js';
import { locateExistingSession, warnOnStderr } from '../../runner/open-session.js';
import { loadSessionConfig } from '../../runner/session-config.js';
import { readHistory } from '../../session/history.js';
import { lastDecisionOf } from '../../view/gate-said.js';
import { buildViewCommands } from '../../view/view-commands.js';

export interface DecideOptions {
  readonly config: string;
  readonly session: string;
  /** `answer --file F`: the answers, copied into `_qa.md`. */
  readonly file?: string;
  /** `reject --reason TEXT`. */
  readonly reason?: string;
  /** `grant cost=…,tokens=…,hours=…`. */
  readonly amounts?: string;
  /** The gate this decision is for (default: the gate the session is at now). */
  readonly gate?: string;
}

/** What the gate is, in the refusal when the session is at none. */
const AWAITED: Readonly<Record<DecideRequest['action'], string>> = {
  approve: 'not waiting for plan approval or a human action',
  reject: 'not waiting for plan approval',
  answer: 'not waiting for answers',
  grant: 'not blocked by a budget a grant lifts',
};

/** The name a decision carries: the local user. */
export function localUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function payloadOf(action: DecideRequest['action'], options: DecideOptions): DecisionPayload | undefined {
  if (action === 'reject' && options.reason !== undefined) return { reason: options.reason };
  if (action === 'grant' && options.amounts !== undefined) return { grant: options.amounts };
  if (action !== 'answer' || options.file === undefined) return undefined;
  try {
    return { qa: readFileSync(options.file, 'utf8') };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new SamocodeError('config.invalid', `--file ${options.file} cannot be read (${why})`);
  }
}

function sayOutcome(
  outcome: DecideOutcome,
  action: DecideRequest['action'],
  folder: string,
  run: string,
  lastDecision: string | undefined,
) {
  switch (outcome.kind) {
    case 'applied': {
      const { after } = outcome;
      const head =
        action === 'approve' && outcome.decision.gateId.endsWith('-approval')
          ? `approved the plan: ${after.state.phase} is next`
          : `${renderDecision(outcome.decision)}: the session is in ${renderState(after.state)}`;
      return { code: EXIT.complete, out: `${head}; continue with: ${run}` };
    }
    case 'handed-over':
      return {
        code: EXIT.complete,
        out: `${renderDecision(outcome.decision)}: the run waiting at the gate${outcome.holder ? ` (pid ${outcome.holder.pid})` : ''} took it and goes on`,
      };
    case 'pending':
      return {
        code: EXIT.complete,
        out: `${renderDecision(outcome.decision)}: recorded for ${outcome.decision.gateId}; the run that holds the session${outcome.holder ? ` (pid ${outcome.holder.pid})` : ''} applies it at the gate, as will the next run`,
      };
    case 'already-decided':
      return {
        code: EXIT.usage,
        err: `${renderAlreadyDecided(outcome.decision)}; ${outcome.applied ? 'that decision is applied now' : 'nothing changed'}`,
      };
    case 'closed':
      return {
        code: EXIT.usage,
        err: `${outcome.gateId}: ${renderGateClosed(outcome.decision)}; nothing changed${outcome.open ? ` (the session is at gate ${outcome.open.id})` : ''}`,
      };
    case 'no-gate': {
      const last = lastDecision === undefined ? '' : `; the last decision: ${lastDecision}`;
      return {
        code: EXIT.usage,
        err: `session ${folder} is ${outcome.state}, ${AWAITED[action]}; nothing to ${action}${last} (see samocode status)`,
      };
    }
    case 'refused':
      return { code: EXIT.usage, err: `${action} refused: ${outcome.reason}` };
  }
}

export async function decideCommand(
  action: DecideRequest['action'],
  options: DecideOptions,
): Promise<number> {
  // The machine is built from the session's own settings, as the run that saved it was.
  const { config } = loadSessionConfig({
    configPath: options.config,
    requireCli: false,
    session: options.session,
  });
  const session = locateExistingSession(config, options.session);
  const payload = payloadOf(action, options);
  const place = buildDecisionPlace(config, session.paths, action, warnOnStderr);
  const outcome = await decideGate({
    ...place,
    request: {
      action,
      channel: 'cli',
      who: localUser(),
      ...(payload ? { payload } : {}),
      ...(options.gate ? { gateId: options.gate } : {}),
    },
  });
  const folder = session.location.folder;
  const run = buildViewCommands({ folder, dir: session.location.dir, configPath: config.configPath }).run;
  // A gate passed a moment ago (a second, later click) is told who passed it.
  const last = lastDecisionOf(readHistory(session.paths.history).rows, Date.now());
  const said = sayOutcome(outcome, action, folder, run, last ? `${last.text} (${last.gateId})` : undefined);
  if (said.out !== undefined) process.stdout.write(`${said.out}\n`);
  if (said.err !== undefined) process.stderr.write(`samocode: ${said.err}\n`);
  return said.code;
}
