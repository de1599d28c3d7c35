/**
 * `_overview.md`: samocode owns the `Phase`, `Iteration`, `Total Iterations` and `Blocked` lines
 * and appends `samocode:` Flow Log lines; everything else belongs to the agents. Pure.
 */
import { cleanStored } from '../text/clean-text.js';

export interface OverviewStatus {
  readonly phase: string;
  readonly iteration: number;
  readonly totalIterations: number;
  /** `no`, `waiting_human`, `awaiting_approval`, `failed: …` or `yes: …`. */
  readonly blocked: string;
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
  const task = [seed.task ? `Task: ${seed.task}` : '', seed.dive ? `Dive topic: ${seed.dive}` : '']
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
    `Iteration: ${status.iteration}`,
    `Total Iterations: ${status.totalIterations}`,
    `Blocked: ${oneLine(status.blocked)}`,
    'Last Action: Session created by samocode',
    'Next: Run the init agent',
    '',
    '## Flow Log',
    `- [000 @ ${formatFlowTime(seed.startedAt)}] samocode: session created`,
    '',
    '## Files',
    '',
  ].join('\n');
}

function oneLine(text: string): string {
  const flat = cleanStored(text.replace(/\s+/g, ' ')).trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

const OWNED: readonly (readonly [string, (status: OverviewStatus) => string])[] = [
  ['Phase', (status) => status.phase],
  ['Iteration', (status) => String(status.iteration)],
  ['Total Iterations', (status) => String(status.totalIterations)],
  ['Blocked', (status) => oneLine(status.blocked)],
];

/**
 * Rewrites the first line of each owned key; a missing one is inserted after the previous owned
 * line (or after `## Status`, or at the end). Every other line is left exactly as it was.
 */
export function patchOverviewStatus(text: string, status: OverviewStatus): string {
  const lines = text.split('\n');
  let anchor = lines.findIndex((line) => /^##\s+Status\s*$/.test(line));
  for (const [key, render] of OWNED) {
    const rendered = `${key}: ${render(status)}`;
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

/** Appends `line` as the last entry of `## Flow Log` (the section is created if missing). */
export function appendFlowLine(text: string, line: string): string {
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
  lines.splice(last + 1, 0, line);
  return lines.join('\n');
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
