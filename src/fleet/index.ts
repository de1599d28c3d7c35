export { buildFleetEntry, type FleetEntry } from './fleet-entry.js';
export { readFleet } from './read-fleet.js';
export { readSessionFiles, type SessionFiles } from './read-session-files.js';
export { ATTENTION, type Attention, classifyAttention, needsHuman } from './session-attention.js';
export { orderSessions, renderAge, renderSessionList } from './session-list.js';
export { buildSessionSummary, type SessionSummary, type SummaryPlace } from './session-summary.js';
