/**
 * Records every transition of a session, in this order: `_state.json` (with the history row of an
 * iteration that just ended), the row in `_signal_history.jsonl`, the Flow Log line of
 * `_overview.md`, then the observers; then the transition goes to the shared store, when the
 * session lives in one (`session-writer.ts`). The machine says when an iteration or a
 * verification ended (its emitted events); the recorder only writes what it is told.
 */
import type { AnyMachineSnapshot } from 'xstate';
import type {
  DecisionFacts,
  HumanEvent,
  IterationEndedEvent,
  VerificationEndedEvent,
  WorkflowEvent,
} from '../../machines/events.js';
import { isCompletionClaimed } from '../../machines/state-meaning.js';
import { renderState, type StateOf, stateOfValue } from '../../machines/sub-states.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import type { AttemptReport, SessionPlace } from '../providers/types.js';
import type { HistoryRow } from '../session/history.js';
import type { SessionPaths } from '../session/paths.js';
import { explainWriteFailure } from '../session/write-failure.js';
import { completionOf, describeCompletion } from '../verify/completion-text.js';
import type { WorkState } from '../verify/work-state.js';
import { describeFlowEvent } from './flow-event.js';
import { buildDecisionRow, buildHistoryRow, buildVerifyRow } from './history-row.js';
import { iterationsRun } from './iteration-count.js';
import { notifyObservers } from './notify-observers.js';
import type { SessionObserver, SnapshotView } from './observer.js';
import { writeOverview } from './overview-writer.js';
import { describeProviderSwitch } from './provider-switch.js';
import type { SessionWriter } from './session-writer.js';

export interface RecorderOptions {
  readonly paths: SessionPaths;
  readonly place: SessionPlace;
  readonly writer: SessionWriter;
  readonly observers: readonly SessionObserver[];
  readonly warn: (message: string) => void;
  readonly now: () => Date;
  /** The primary provider and model (a row's when no attempt reported), and the fallback's name. */
  readonly provider: string;
  readonly model: string;
  readonly fallbackProvider?: string;
  /** The primary's escalation model, for the Flow Log line of an escalation. */
  readonly escalationModel?: string;
  readonly maxAttempts: number;
  /** The attempts' reports since the last row. */
  readonly takeReports: () => AttemptReport[];
  /** The git state of a completion the agent only claimed (read once, when needed). */
  readonly readWork: () => Promise<WorkState | undefined>;
}

/** A root snapshot and its persisted form, as the loop hands them over. */
export interface Recorded {
  readonly snapshot: AnyMachineSnapshot;
  readonly persisted: unknown;
  readonly event: { readonly type: string };
}

interface Seen {
  readonly snapshot: AnyMachineSnapshot;
  readonly value: unknown;
  readonly state: StateOf;
  readonly context: WorkflowContext;
}

export interface SessionRecorder {
  onIterationEnded(event: IterationEndedEvent): void;
  onVerificationEnded(event: VerificationEndedEvent): void;
  /** Records a snapshot; false when it is the one recorded last (an event no state handled). Throws a write failure. */
  record(recorded: Recorded): boolean;
  /** Resolves once every Flow Log line is written (a claimed completion's waits for the git read). */
  flushed(): Promise<void>;
}

const isWorkflowEvent = (event: { type: string }): event is WorkflowEvent =>
  !event.type.startsWith('xstate.');

/** The human event that applied a decision (its facts are on the event), if this one did. */
function decisionOf(
  event: WorkflowEvent,
): { readonly type: HumanEvent['type']; readonly decision: DecisionFacts } | undefined {
  if (event.type !== 'approve' && event.type !== 'resume') return undefined;
  return event.decision ? { type: event.type, decision: event.decision } : undefined;
}

export function toView(snapshot: { value: unknown; status: string; context: WorkflowContext }): SnapshotView {
  return { value: snapshot.value, status: snapshot.status, context: snapshot.context };
}

export function createSessionRecorder(options: RecorderOptions): SessionRecorder {
  const { paths, place, observers, warn, now } = options;
  let previous: Seen | undefined;
  // Set by the machine's emitted events; the snapshot that follows carries their row.
  let ended: IterationEndedEvent | undefined;
  let verified: VerificationEndedEvent | undefined;
  let pending: Promise<void> = Promise.resolve();

  const rowOf = (
    state: StateOf,
    context: WorkflowContext,
    before: Seen | undefined,
    event: { readonly type: string },
  ): HistoryRow | undefined => {
    const common = { provider: options.provider, model: options.model, time: now(), after: state };
    const decided = before && isWorkflowEvent(event) ? decisionOf(event) : undefined;
    const row = ended
      ? buildHistoryRow({ ...common, ended, afterContext: context, reports: options.takeReports() })
      : verified
        ? buildVerifyRow({ ...common, ended: verified })
        : decided && before
          ? buildDecisionRow({
              ...common,
              decision: decided.decision,
              event: decided.type,
              before: before.state,
              afterContext: context,
            })
          : undefined;
    ended = undefined;
    verified = undefined;
    return row;
  };

  const announce = (before: Seen, after: Seen, event: WorkflowEvent, row: HistoryRow | undefined) => {
    const switched = describeProviderSwitch(
      before.context,
      after.context,
      {
        primary: options.provider,
        ...(options.fallbackProvider ? { fallback: options.fallbackProvider } : {}),
      },
      now(),
    );
    const writeFlowLine = (claimedWork: WorkState | undefined) =>
      writeOverview(
        paths,
        place,
        after,
        now,
        {
          iteration: row?.iteration ?? iterationsRun(after.state, after.context).total,
          from: renderState(before.state),
          to: renderState(after.state),
          event: describeFlowEvent({
            event,
            before: before.context,
            after,
            maxAttempts: options.maxAttempts,
            switched,
            now: now().getTime(),
            ...(options.escalationModel ? { escalationModel: options.escalationModel } : {}),
            // The completion line says whether samocode verified the work or the agent only claimed it.
            completion: () =>
              describeCompletion(
                completionOf(after.context.receipt, after.context.receipt ? undefined : claimedWork),
              ),
          }),
        },
        warn,
      );
    // A claimed completion's line names uncommitted work: it waits for the git read (the run awaits it).
    if (isCompletionClaimed(after.state, after.context)) {
      pending = pending.then(() => options.readWork()).then(writeFlowLine);
    } else writeFlowLine(undefined);
    notifyObservers(
      observers,
      'onTransition',
      {
        sessionName: place.sessionName,
        event,
        before: { value: before.value, status: 'active', context: before.context },
        after: toView(after.snapshot),
      },
      warn,
    );
  };

  return {
    onIterationEnded: (event) => {
      ended = event;
    },
    onVerificationEnded: (event) => {
      verified = event;
    },
    record({ snapshot, persisted, event }) {
      if (snapshot === previous?.snapshot) return false;
      const state = stateOfValue(snapshot.value);
      const after: Seen = { snapshot, value: snapshot.value, state, context: snapshot.context };
      const before = previous;
      previous = after;
      const row = rowOf(state, snapshot.context, before, event);
      // Exactly once: the state (with the row) first, then the row; a restart heals the gap.
      try {
        options.writer.commit(persisted, row);
      } catch (error) {
        throw explainWriteFailure(error, paths.dir, 'the session state') ?? error;
      }
      if (before && isWorkflowEvent(event)) announce(before, after, event, row);
      options.writer.publish(pending);
      return true;
    },
    flushed: () => pending,
  };
}
