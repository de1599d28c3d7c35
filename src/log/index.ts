export { formatCost, formatDuration, formatTokens } from './figures.js';
export { resolveLogDir } from './log-dir.js';
export { createLogObserver } from './log-observer.js';
export { createLogger, LOG_LEVELS, type LoggerHandle, type LoggerOptions, type LogLevel } from './logger.js';
export { renderIterationEnd, renderIterationStart, renderProgressLine } from './progress-line.js';
export { createProgressObserver, type ProgressObserverOptions } from './progress-observer.js';
export {
  buildEnvRedactor,
  buildRedactor,
  collectSecretValues,
  REDACTED,
  type Redact,
  redactDeep,
} from './redact.js';
export { buildRunSummary, type PhaseTotals, type RunSummary, renderRunSummary } from './run-summary.js';
export { StatusTerminal } from './terminal.js';
