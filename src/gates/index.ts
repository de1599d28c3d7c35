export {
  buildDecision,
  buildStopRequest,
  cleanWho,
  DECISION_ACTIONS,
  DECISION_CHANNELS,
  type Decision,
  type DecisionAction,
  type DecisionChannel,
  type DecisionInput,
  type DecisionPayload,
  DecisionSchema,
  MAX_DECISION_BYTES,
  parseDecision,
  type StopRequest,
  StopRequestSchema,
} from './decision.js';
export { type DecisionRead, type RecordOutcome, readDecision, recordDecision } from './decision-record.js';
export {
  renderAlreadyDecided,
  renderDecision,
  renderDecisionTime,
  renderGateClosed,
  renderRecordOutcome,
  renderStopRequest,
  type TimeText,
} from './decision-text.js';
export { type GateDecisionRead, readGateDecision, setDecisionAside } from './gate-decision.js';
export {
  buildGateId,
  buildGatePaths,
  GATE_KINDS,
  GATES_DIR,
  type GateKind,
  type GatePaths,
  type GateRef,
  isGateOfSession,
  parseGateId,
  STOP_FILE,
} from './gate-id.js';
export {
  type GateWait,
  type GateWaitOptions,
  type StopWait,
  waitForGate,
  waitForStop,
} from './gate-watcher.js';
export { buildOpenGate, type OpenGate } from './open-gate.js';
export { readSmallFile, type SmallFileRead } from './read-small-file.js';
export {
  readStopRequest,
  removeStopRequest,
  type StopOutcome,
  type StopRead,
  writeStopRequest,
} from './stop-request.js';
