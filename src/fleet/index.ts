export { readFleet } from './read-fleet.js';
export { readSessionFiles, type SessionFiles } from './read-session-files.js';
export { readSummaryPlace } from './read-summary-place.js';
export { orderSessions, renderAge, renderSessionList } from './session-list.js';
export { buildSessionSummary, type SessionSummary, type SummaryPlace } from './session-summary.js';
