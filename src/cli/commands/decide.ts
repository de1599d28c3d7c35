/**
 * `samocode approve|answer|grant|reject`: decide the gate a session is at from another shell. The
 * decision is recorded first-writer-wins; a `run --wait` waiting at the gate applies it at once,
 * otherwise this command applies it through the session loop (taking the run lock), so the next
 * `run` goes on. A decision for a closed or already decided gate changes nothing (exit 2).
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../config/load-config.js';
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import type { DecisionPayload } from '../../gates/decision.js';
import { localUser } from '../../gates/local-user.js';
import { type DecideRequest, decideGate } from '../../runner/decide-gate.js';
import { sayDecideOutcome } from '../../runner/decide-outcome-text.js';
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

export async function decideCommand(
  action: DecideRequest['action'],
  options: DecideOptions,
): Promise<number> {
  const base = loadConfig({ configPath: options.config, requireCli: false });
  if (base.store !== '') {
    const payload = payloadOf(action, options);
    const { decideShared } = await import('./decide-shared.js');
    return decideShared({
      action,
      config: base,
      session: options.session,
      ...(payload ? { payload } : {}),
      ...(options.gate ? { gate: options.gate } : {}),
    });
  }
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
  const said = sayDecideOutcome(outcome, {
    action,
    folder,
    run,
    ...(last ? { lastDecision: `${last.text} (${last.gateId})` } : {}),
  });
  if (said.ok) process.stdout.write(`${said.text}\n`);
  else process.stderr.write(`samocode: ${said.text}\n`);
  return said.ok ? EXIT.complete : EXIT.usage;
}
