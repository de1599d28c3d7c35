export { ATTENTION, type Attention, classifyAttention, NEEDS_HUMAN } from './attention.js';
export { grantToContinue, renderGrant } from './grant-amount.js';
export { type LastCheck, lastFailedCheck } from './last-check.js';
export {
  renderEndMessage,
  renderMachineFacts,
  renderNext,
  renderOverviewEnding,
  renderViewLines,
} from './render-view-text.js';
export { buildSessionView } from './session-view.js';
export type { ViewCommands } from './view-commands.js';
export type { ViewInput, ViewPlace, ViewSettings } from './view-input.js';
export { toViewSettings } from './view-settings.js';
export type {
  GateCommand,
  MachineFacts,
  NextStep,
  SessionView,
  StopCause,
  ViewDecision,
  ViewGate,
} from './view-types.js';
