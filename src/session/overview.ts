/**
 * `_overview.md`: samocode owns the `Phase`, `Iteration`, `Total Iterations` and `Blocked` lines
 * and appends `samocode:` Flow Log lines; the agents own the rest, except that when a run stops
 * samocode writes `Last Action` and `Next` (how the run ended and the command to run next). Pure.
 */
import { cleanStored } from '../text/clean-text.js';

export interface OverviewStatus {
  readonly phase: string;
  /** Iterations the phase has run, the current one included. */
  readonly iteration: number;
  /** The phase `iteration` counts, when it is not `phase` itself (a completed session counts `done`). */
  readonly iterationPhase?: string;
  /** Iterations the session has run, the current one included: the number in its prompt and its Flow Log lines. */
  readonly totalIterations: number;
  /** `no`, `waiting_human`, `awaiting_approval`, `failed: …` or `yes: …`. */
  readonly blocked: string;
  /** Written only when a run stops: how it ended. */
  readonly lastAction?: string;
  /** Written only when a run stops: what to do, with the command. */
  readonly next?: string;
}

export interface OverviewSeed {
  readonly sessionName: string;
  readonly startedAt: Date;
  readonly workDir: string;
  readonly dive?: string;
  readonly task?: string;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM` in local time. */
export function formatFlowTime(date: Date): string {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

export function renderOverview(seed: OverviewSeed, status: OverviewStatus): string {
  const task = [
    seed.task ? `Task: ${cleanStored(seed.task)}` : '',
    seed.dive ? `Dive topic: ${cleanStored(seed.dive)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return [
    `# Session: ${seed.sessionName}`,
    `Started: ${formatFlowTime(seed.startedAt)}`,
    `Working Dir: ${seed.workDir}`,
    '',
    '## Task',
    task || '(to be defined by the init agent)',
    '',
    '## Status',
    `Phase: ${status.phase}`,
    `Iteration: ${renderIteration(status)}`,
    `Total Iterations: ${status.totalIterations}`,
    `Blocked: ${oneLine(status.blocked)}`,
    `Last Action: ${oneLine(status.lastAction ?? 'Session created by samocode')}`,
    `Next: ${oneLine(status.next ?? 'Run the init agent', NEXT_MAX)}`,
    '',
    '## Flow Log',
    `- [000 @ ${formatFlowTime(seed.startedAt)}] samocode: session created`,
    '',
    '## Files',
    '',
  ].join('\n');
}

function oneLine(text: string, max = 300): string {
  const flat = cleanStored(text.replace(/\s+/g, ' ')).trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** `Next` carries a command with full paths: cut it only when it is absurdly long. */
const NEXT_MAX = 1_000;

/** `3 in implementation`: the phase's count, named so it is not read as the session's. */
function renderIteration(status: OverviewStatus): string {
  return `${status.iteration} in ${status.iterationPhase ?? status.phase}`;
}

const OWNED: readonly (readonly [string, (status: OverviewStatus) => string | undefined])[] = [
  ['Phase', (status) => status.phase],
  ['Iteration', renderIteration],
  ['Total Iterations', (status) => String(status.totalIterations)],
  ['Blocked', (status) => oneLine(status.blocked)],
  ['Last Action', (status) => (status.lastAction === undefined ? undefined : oneLine(status.lastAction))],
  ['Next', (status) => (status.next === undefined ? undefined : oneLine(status.next, NEXT_MAX))],
];

/**
 * Rewrites the first line of each owned key (`Last Action` and `Next` only when given); a missing
 * one is inserted after the previous owned line (or after `## Status`, or at the end). Every other
 * line is left exactly as it was.
 */
export function patchOverviewStatus(text: string, status: OverviewStatus): string {
  const lines = text.split('\n');
  let anchor = lines.findIndex((line) => /^##\s+Status\s*$/.test(line));
  for (const [key, render] of OWNED) {
    const value = render(status);
    if (value === undefined) continue;
    const rendered = `${key}: ${value}`;
    const at = lines.findIndex((line) => line.startsWith(`${key}:`));
    if (at >= 0) {
      lines[at] = rendered;
      anchor = at;
    } else if (anchor >= 0) {
      lines.splice(anchor + 1, 0, rendered);
      anchor += 1;
    } else {
      lines.push('', '## Status', rendered);
      anchor = lines.length - 1;
    }
  }
  return lines.join('\n');
}

/** Rewrites only `Last Action` and `Next` (a command that changed what comes next, like `clean`). */
export function patchOverviewEnding(text: string, ending: { lastAction: string; next: string }): string {
  const lines = text.split('\n');
  const set = (key: string, value: string) => {
    const at = lines.findIndex((line) => line.startsWith(`${key}:`));
    if (at >= 0) lines[at] = `${key}: ${value}`;
  };
  set('Last Action', oneLine(ending.lastAction));
  set('Next', oneLine(ending.next, NEXT_MAX));
  return lines.join('\n');
}

export interface FlowEntry {
  readonly iteration: number;
  readonly time: Date;
  readonly from: string;
  readonly to: string;
  readonly event: string;
}

export function renderFlowLine(entry: FlowEntry): string {
  return `- [${String(entry.iteration).padStart(3, '0')} @ ${formatFlowTime(entry.time)}] samocode: ${entry.from} -> ${entry.to} (${entry.event})`;
}

/**
 * How many samocode Flow Log lines `_overview.md` keeps. The history and `session.log` keep every
 * transition; without a cap the file (read and rewritten on every transition) grows with the session.
 */
export const FLOW_LOG_SAMOCODE_LINES = 200;

export const isSamocodeFlowLine = (line: string): boolean => /^- \[[^\]]*\] samocode: /.test(line);

/**
 * Appends `line` as the last entry of `## Flow Log` (the section is created if missing) and drops the
 * oldest samocode lines beyond `keep`; the agents' entries are never dropped.
 */
export function appendFlowLine(text: string, line: string, keep = FLOW_LOG_SAMOCODE_LINES): string {
  const lines = text.split('\n');
  const heading = lines.findIndex((candidate) => /^##\s+Flow Log\s*$/.test(candidate));
  if (heading < 0) {
    const trimmed = text.replace(/\n+$/, '');
    return `${trimmed}\n\n## Flow Log\n${line}\n`;
  }
  let end = heading + 1;
  while (end < lines.length && !/^#{1,2}\s/.test(lines[end] ?? '')) end += 1;
  let last = end - 1;
  while (last > heading && (lines[last] ?? '').trim() === '') last -= 1;
  const section = lines.slice(heading + 1, last + 1);
  section.push(line);
  let toDrop = Math.max(0, section.filter(isSamocodeFlowLine).length - keep);
  const kept = section.filter((entry) => {
    if (toDrop === 0 || !isSamocodeFlowLine(entry)) return true;
    toDrop -= 1;
    return false;
  });
  return [...lines.slice(0, heading + 1), ...kept, ...lines.slice(last + 1)].join('\n');
}

/** The Flow Log entries, last `count` of them. */
export function readFlowLog(text: string, count: number): string[] {
  const lines = text.split('\n');
  const heading = lines.findIndex((candidate) => /^##\s+Flow Log\s*$/.test(candidate));
  if (heading < 0) return [];
  const entries: string[] = [];
  for (let i = heading + 1; i < lines.length && !/^#{1,2}\s/.test(lines[i] ?? ''); i += 1) {
    const line = lines[i] ?? '';
    if (line.startsWith('- ')) entries.push(line);
  }
  return entries.slice(-count);
}
