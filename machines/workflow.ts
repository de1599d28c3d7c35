/**
 * The session machine, built from the phase registry. Each phase is a compound state whose
 * sub-states (`sub-states.ts`) are built by small functions (`phase-states.ts`, with the one
 * attempt policy of `attempt-policy.ts`) from the named guards and actions of
 * `workflow-setup.ts`; `completed` is final. The machine decides; it performs no I/O. Its
 * states and transitions depend on the registry only; the settings are guard inputs. It emits
 * `iteration.ended` whenever an iteration ends, and tags every sub-state with what it means
 * (`snapshot.hasTag('exit.blocked')`, `hasTag('awaits.approve')`, `sub-states.ts`).
 *
 * @example
 * const machine = buildWorkflow(PHASE_REGISTRY, { ...defaultSettings(PHASE_REGISTRY), autoApprove: true })
 *   .provide({ actors: { provider: myProviderActor } });
 * createActor(machine).start();
 */
import { initialContext } from './context.js';
import { MACHINE_ID, phaseState } from './phase-states.js';
import { INITIAL_PHASE, mapPhases, type PhaseRegistry } from './phases.js';
import { validateRegistry } from './registry-graph.js';
import { defaultSettings, type WorkflowSettings } from './settings.js';
import { COMPLETED } from './sub-states.js';
import { workflowSetup } from './workflow-setup.js';

export { type Failure, initialContext, remainingBudget, type WorkflowContext } from './context.js';
export {
  backoffMs,
  budgetsOf,
  DEFAULT_NO_PROGRESS_ITERATIONS,
  defaultSettings,
  type WorkflowSettings,
} from './settings.js';
export type { ProviderInput, ProviderLogic, VerifierLogic } from './workflow-setup.js';

/** Builds the session machine from a registry; throws if the registry is unsound. */
export function buildWorkflow(
  registry: PhaseRegistry,
  settings: WorkflowSettings = defaultSettings(registry),
) {
  const problems = validateRegistry(registry);
  if (problems.length > 0) throw new Error(`phase registry is unsound:\n- ${problems.join('\n- ')}`);
  return workflowSetup(registry, settings).createMachine({
    id: MACHINE_ID,
    initial: INITIAL_PHASE,
    context: initialContext,
    states: {
      ...mapPhases((phase) => phaseState({ registry, settings, phase, spec: registry[phase] })),
      [COMPLETED]: { type: 'final' },
    },
  });
}

export type Workflow = ReturnType<typeof buildWorkflow>;
