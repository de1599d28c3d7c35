/**
 * What the dashboard's buttons do: each action goes through the very path the CLI takes
 * (`decideGate` for approve/reject/answer/grant, `requestStop` for stop), with channel `dashboard`
 * and the local user's name, so there is one way to decide a gate. The answer is the outcome in
 * the words the CLI prints, and the HTTP status it deserves.
 */
import * as z from 'zod';
import { isSamocodeError } from '../errors.js';
import { MAX_DECISION_BYTES } from '../gates/decision.js';
import { decideGate } from '../runner/decide-gate.js';
import { sayDecideOutcome } from '../runner/decide-outcome-text.js';
import { buildDecisionPlace } from '../runner/decision-place.js';
import { locateExistingSession, warnOnStderr } from '../runner/open-session.js';
import { requestStop } from '../runner/request-stop.js';
import { loadSessionConfig } from '../runner/session-config.js';
import { readHistory } from '../session/history.js';
import { lastDecisionOf } from '../view/gate-said.js';
import { buildViewCommands } from '../view/view-commands.js';

export const DASHBOARD_ACTIONS = ['approve', 'reject', 'answer', 'grant', 'stop'] as const;
export type DashboardAction = (typeof DASHBOARD_ACTIONS)[number];

export const isDashboardAction = (value: string): value is DashboardAction =>
  (DASHBOARD_ACTIONS as readonly string[]).includes(value);

/** The largest action body accepted: a whole `_qa.md` fits, as a decision record holds it. */
export const MAX_ACTION_BYTES = MAX_DECISION_BYTES;

/** A POST's JSON body: the gate it answers, and what the action carries. */
export const ActionBodySchema = z.strictObject({
  gateId: z.string().min(1).max(500).optional(),
  /** reject, stop */
  reason: z.string().max(2_000).optional(),
  /** answer: the whole `_qa.md` as the person edited it. */
  qa: z.string().max(MAX_ACTION_BYTES).optional(),
  /** grant: `cost=…,tokens=…,hours=…`. */
  grant: z.string().min(1).max(200).optional(),
});
export type ActionBody = z.infer<typeof ActionBodySchema>;

export interface ActionAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
}

export type ActOnSession = (
  folder: string,
  action: DashboardAction,
  body: ActionBody,
) => Promise<ActionAnswer>;

/** What an action's body carries into its decision. */
export function payloadOfAction(action: DashboardAction, body: ActionBody) {
  if (action === 'reject' && body.reason !== undefined) return { reason: body.reason };
  if (action === 'answer' && body.qa !== undefined) return { qa: body.qa };
  if (action === 'grant' && body.grant !== undefined) return { grant: body.grant };
  return undefined;
}

/** Acts on sessions of the project at `configPath` as `who`, loading each session's config afresh. */
export function buildSessionActor(configPath: string, who: string): ActOnSession {
  return async (folder, action, body) => {
    try {
      const { config } = loadSessionConfig({ configPath, requireCli: false, session: folder });
      const session = locateExistingSession(config, folder);
      const run = buildViewCommands({ folder, dir: session.location.dir, configPath: config.configPath }).run;
      if (action === 'stop') {
        const asked = requestStop(session.paths, {
          channel: 'dashboard',
          who,
          ...(body.reason ? { reason: body.reason } : {}),
        });
        if (asked.kind === 'no-holder')
          return {
            status: 409,
            ok: false,
            text: `no process runs session ${folder}; nothing to stop (continue it with: ${run})`,
          };
        if (asked.kind === 'refused')
          return { status: 409, ok: false, text: `stop not requested: ${asked.reason}` };
        return {
          status: 200,
          ok: true,
          text: `${asked.said}; the run${asked.holder ? ` (pid ${asked.holder.pid})` : ''} stops once its provider is stopped`,
        };
      }
      const payload = payloadOfAction(action, body);
      const place = buildDecisionPlace(config, session.paths, 'dashboard', warnOnStderr);
      const outcome = await decideGate({
        ...place,
        request: {
          action,
          channel: 'dashboard',
          who,
          ...(payload ? { payload } : {}),
          ...(body.gateId ? { gateId: body.gateId } : {}),
        },
      });
      const last = lastDecisionOf(readHistory(session.paths.history).rows, Date.now());
      const said = sayDecideOutcome(outcome, {
        action,
        folder,
        run,
        ...(last ? { lastDecision: `${last.text} (${last.gateId})` } : {}),
      });
      return { status: said.ok ? 200 : 409, ...said };
    } catch (error) {
      if (isSamocodeError(error)) return { status: 400, ok: false, text: error.message };
      throw error;
    }
  };
}
