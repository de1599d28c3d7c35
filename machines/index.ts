export type { Block } from './context.js';
export * from './events.js';
export * from './phases.js';
export { canReach, isBudgetChecked, validateRegistry } from './registry-graph.js';
export { explainRejection, RULE_IDS, RULE_NUMBERS, type RuleId } from './rules.js';
export { MAX_SIGNAL_BYTES, type Signal, SignalSchema, toSignalEvent } from './signal.js';
export * from './workflow.js';
