/** Copying sessions between two stores (`store import`, `store export`). */
export { readFolderGateIds } from './folder-gate-ids.js';
export { toDecisionKeyOrder, toHistoryKeyOrder } from './schema-key-order.js';
export { type SelectedSession, selectSessions } from './select-sessions.js';
export { type Decisions, listGateIdsOfRows, planTransfer, type TransferPlan } from './transfer-plan.js';
export { renderTransferLine, renderTransferTotal, toTransferExit } from './transfer-report.js';
export { type TransferOutcome, type TransferSides, transferSession } from './transfer-session.js';
