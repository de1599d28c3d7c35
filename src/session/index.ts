export { writeFileAtomic } from './atomic-write.js';
export {
  appendHistoryRow,
  type HistoryRead,
  type HistoryRow,
  HistoryRowSchema,
  parseHistoryLine,
  readHistory,
  readLastRow,
} from './history.js';
export {
  acquireSessionLock,
  type LockHolder,
  type LockStatus,
  readLockStatus,
  type SessionLock,
} from './lock.js';
export {
  appendFlowLine,
  type FlowEntry,
  formatFlowTime,
  type OverviewSeed,
  type OverviewStatus,
  patchOverviewStatus,
  readFlowLog,
  renderFlowLine,
  renderOverview,
} from './overview.js';
export { buildSessionPaths, type SessionPaths } from './paths.js';
export {
  type FolderEntry,
  readSessionLocation,
  resolveSessionFolder,
  type SessionLocation,
} from './resolve-session.js';
export { toBranchName, toDatePrefix, toUndatedName, validateSessionName } from './session-name.js';
export {
  type PersistedSnapshot,
  PersistedSnapshotSchema,
  readSessionState,
  type SessionState,
  SessionStateSchema,
  type SessionStateToWrite,
  writeSessionState,
} from './snapshot-store.js';
export {
  type PreparedWorkDir,
  prepareWorktree,
  readDefaultBranch,
  type WorktreeRequest,
} from './worktree.js';
