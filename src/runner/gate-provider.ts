/** Lets the runner keep a provider from starting (after `--once`'s iteration, or once a run stops). */
import { type CallbackActorLogic, fromCallback } from 'xstate';
import type { WorkflowEvent } from '../../machines/events.js';
import type { ProviderInput } from '../../machines/workflow.js';

export type ProviderLogic = CallbackActorLogic<WorkflowEvent, ProviderInput>;

const idle: ProviderLogic = fromCallback<WorkflowEvent, ProviderInput>(() => undefined);

/** When `mayStart` says no, the invoked actor starts idle: no process, no event. */
export function gateProvider(
  logic: ProviderLogic,
  mayStart: (input: ProviderInput) => boolean,
): ProviderLogic {
  return {
    ...logic,
    start: (snapshot, scope) => {
      const start = mayStart(snapshot.input) ? logic.start : idle.start;
      start?.(snapshot, scope);
    },
  };
}
