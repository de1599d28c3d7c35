/** The runner's public surface. */
export { type ApproveResult, approveSession } from './approve-session.js';
export { exitCodeOf } from './exit-code.js';
export { buildHistoryRow } from './history-row.js';
export type { RunEnd, SessionObserver, SnapshotView, TransitionInfo } from './observer.js';
export { locateSession, lockSession, type OpenedSession } from './open-session.js';
export { type RunResult, type RunSessionOptions, runSession } from './run-session.js';
export { openStateStore, type StateStore } from './state-store.js';
export { buildStatusReport, renderStatusReport, type StatusReport } from './status-report.js';
export { toProviderSettings, toWorkflowSettings } from './workflow-settings.js';
