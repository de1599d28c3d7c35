/**
 * The shape of the machine's transitions as the builders write them: a `Move` is one guarded
 * candidate (guard, target, actions by name), `Moves` the candidates of a sub-state per event.
 * Guard and action names and their params are checked against the setup (`workflow-setup.ts`).
 */
import { and, type SetupReturn } from 'xstate';
import type { WorkflowContext } from './context.js';
import type { WorkflowEvent } from './events.js';
import type { Phase, PhaseRegistry, PhaseSpec } from './phases.js';
import type { WorkflowSettings } from './settings.js';
import type { SubState } from './sub-states.js';
import type { WorkflowSetup } from './workflow-setup.js';

/** What each sub-state builder knows about its phase. */
export interface PhaseParts {
  readonly registry: PhaseRegistry;
  readonly settings: WorkflowSettings;
  readonly phase: Phase;
  readonly spec: PhaseSpec;
}

export const MACHINE_ID = 'samocode';
export const phaseId = (phase: Phase): string => `#${MACHINE_ID}.${phase}`;
export const subStateId = (phase: Phase, sub: SubState): string => `${phaseId(phase)}.${sub}`;
export const COMPLETED_ID = `#${MACHINE_ID}.completed`;

/** The params each named guard and action takes, read off the setup. */
type ParamsOf<S> =
  S extends SetupReturn<
    infer _Context,
    infer _Event,
    infer _Actors,
    infer _Children,
    infer Actions,
    infer Guards,
    infer _Delay,
    infer _Tag,
    infer _Input,
    infer _Output,
    infer _Emitted,
    infer _Meta
  >
    ? { readonly actions: Actions; readonly guards: Guards }
    : never;
/** A reference to a named implementation: `{ type }`, with `params` when it takes them. */
type Ref<Map> = {
  [K in keyof Map & string]: undefined extends Map[K]
    ? { readonly type: K }
    : { readonly type: K; readonly params: Map[K] };
}[keyof Map & string];

export type GuardRef = Ref<ParamsOf<WorkflowSetup>['guards']>;
export type ActionRef = Ref<ParamsOf<WorkflowSetup>['actions']>;

/** Every guard must hold (xstate's `and`, typed for this machine). */
export function all(...guards: readonly GuardRef[]) {
  return and<WorkflowContext, WorkflowEvent, GuardRef[]>(guards);
}
export type Guard = GuardRef | ReturnType<typeof all>;

/** One guard, or all of several. */
export const combine = (guards: readonly GuardRef[]): Guard | undefined =>
  guards.length <= 1 ? guards[0] : all(...guards);

/** One guarded candidate transition of a sub-state. */
export interface Move {
  readonly guard?: Guard;
  readonly target: string;
  readonly reenter?: boolean;
  readonly actions: readonly ActionRef[];
}
export type EventType = WorkflowEvent['type'];
/** A sub-state's transitions: candidates per event, tried in order. */
export type Moves = { readonly [E in EventType]?: readonly Move[] };
/** One sub-state's config, typed by the setup: guard and action names are checked. */
export type SubStateConfig = Parameters<WorkflowSetup['createStateConfig']>[0];

/** Marks moves as ending the iteration of `phase`: they emit `iteration.ended` first. */
export function endsIteration(phase: Phase, moves: readonly Move[]): Move[] {
  const end: ActionRef = { type: 'endIteration', params: { phase } };
  return moves.map((move) => ({ ...move, actions: [end, ...move.actions] }));
}
