/**
 * Sub-states that older samocode versions saved, read as today's. `awaitingHuman` was one
 * sub-state for every wait but the gate; each wait reason now parks in its own (`awaitingAnswers`,
 * `awaitingAction`), told apart by the saved context's `waiting.for`. Pure.
 *
 * @example
 * migrateStateValue({ requirements: 'awaitingHuman' }, { waiting: { for: 'qa_answers' } });
 * // { requirements: 'awaitingAnswers' }
 */
import { readSavedContext } from './context.js';
import { HUMAN_WAIT_STATE } from './sub-states.js';

/** A saved state value, as `_state.json` holds it: `'completed'` or `{ phase: subState }`. */
export type SavedStateValue = string | Readonly<Record<string, string>>;

const LEGACY_HUMAN_WAIT = 'awaitingHuman';

export function migrateStateValue(value: SavedStateValue, context: unknown): SavedStateValue {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined || entry[1] !== LEGACY_HUMAN_WAIT) return value;
  const wait = readSavedContext(context).waiting?.for;
  return { [entry[0]]: wait === undefined ? 'awaitingAction' : HUMAN_WAIT_STATE[wait] };
}
