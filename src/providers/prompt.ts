/**
 * The prompt of one attempt: `workflow.md`, then the Session Context, then the phase agent's
 * instructions inlined, so nothing has to be installed for an agent to run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Escalation } from '../../machines/escalation.js';
import { PHASE_REGISTRY, type Phase } from '../../machines/phases.js';
import type { Receipt } from '../../machines/receipt.js';
import { SamocodeError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { buildSessionPaths } from '../session/paths.js';
import type { SessionPlace } from './types.js';

export interface PromptParts {
  readonly workflowText: string;
  readonly agentText: string;
}

export interface PromptInput extends PromptParts {
  readonly phase: Phase;
  readonly iteration: number;
  readonly attempt: number;
  readonly reminder: boolean;
  readonly place: SessionPlace;
  readonly timeoutSeconds: number;
  /** Epoch ms; the iteration's start time. */
  readonly now: number;
  /** First iteration of the session only; undefined otherwise even if the place has them. */
  readonly isFirstIteration?: boolean;
  /** samocode ran the verify command after the last `done` and it failed. */
  readonly verifyFailure?: Receipt;
  /** The iteration runs on the escalation model, and why. */
  readonly escalation?: Escalation;
  /** The model the attempt runs on ('' = the CLI's default). */
  readonly model?: string;
  /** A human rejected the plan at the approval gate, for this reason. */
  readonly rejection?: string;
}

/** What the planning agent is told when a human rejected its plan. */
export function renderRejection(reason: string): string {
  return [
    'A human rejected the plan at the approval gate. Their reason:',
    '',
    ...reason.split('\n').map((line) => `> ${line}`),
    '',
    'Revise the plan in place to address it, record what changed under `## Revisions`, and ask for approval again.',
  ].join('\n');
}

/** What the agent is told when samocode's own check of a `done` failed. */
export function renderVerifyFailure(receipt: Receipt): string {
  const how = receipt.timedOut ? 'timed out' : `exited with code ${receipt.exitCode ?? 'none (killed)'}`;
  return [
    `The session was sent back here because samocode ran the verify command \`${receipt.command}\` in the worktree after the last \`done\`, and it ${how} (commit ${receipt.head?.slice(0, 12) ?? 'none'}).`,
    'Find out why, fix it, commit, and only move on when this command passes. Its last lines:',
    '',
    '```',
    receipt.tail,
    '```',
    '',
    `The whole output is in ${receipt.logFile}.`,
  ].join('\n');
}

/** What the agent is told when it runs on the stronger model because the last iteration would have stopped the session. */
export function renderEscalation(escalation: Escalation, model: string | undefined): string {
  const on = model ? ` (${model})` : '';
  return [
    `This iteration runs once on a stronger model${on}, because the previous iteration of this phase would have stopped the session: ${escalation.reason}.`,
    'Read what the previous iteration left (the overview, its notes, the worktree) and resolve it yourself if you can.',
    'If it truly needs a person, write a blocked signal with the reason: samocode escalates only once per visit of a phase.',
  ].join('\n');
}

export const SIGNAL_REMINDER =
  'Your previous attempt ended without writing _signal.json; you must write it. ' +
  'Whatever happens in this iteration, finish by writing _signal.json in the session folder.';

/** `2026-11-24T17:05:09Z`: UTC, seconds precision, safe in any timezone. */
function toUtcStamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `20261124-170509`: for file names (no colons). */
function toFileStamp(ms: number): string {
  return toUtcStamp(ms).replace(/[-:]/g, '').replace('T', '-').replace('Z', '');
}

function renderContext(input: PromptInput): string {
  const { place } = input;
  const paths = buildSessionPaths(place.sessionDir);
  const deadline = input.now + input.timeoutSeconds * 1000;
  const lines = [
    '# Session Context',
    '',
    `- Session name: ${place.sessionName}`,
    `- Session folder: ${place.sessionDir}`,
    `- Signal file: ${paths.signal}`,
    `- Overview: ${paths.overview}`,
    `- Working directory: ${place.workDir}`,
    `- Main repository: ${place.mainRepo}`,
    `- Worktree: ${place.worktreePath}`,
    `- Branch: ${place.branch}`,
    `- Phase: ${input.phase}`,
    `- Iteration: ${input.iteration} (file prefix ${String(input.iteration).padStart(3, '0')})`,
    `- Attempt: ${input.attempt}`,
    `- Time limit: ${input.timeoutSeconds} seconds (hard; you are stopped at ${toUtcStamp(deadline)})`,
    `- Started at: ${toUtcStamp(input.now)} (UTC)`,
    `- Timestamp for file names: ${toFileStamp(input.now)}`,
  ];
  const isFirst = input.isFirstIteration ?? input.iteration === 1;
  if (isFirst && (place.task !== undefined || place.dive !== undefined)) {
    lines.push('', '## Initial request (store only)', '');
    lines.push(
      'Record this verbatim in the overview as the task; do not start working on it in this iteration.',
    );
    if (place.task !== undefined) lines.push('', `Task: ${place.task}`);
    if (place.dive !== undefined) lines.push('', `Dive topic: ${place.dive}`);
  }
  return lines.join('\n');
}

/**
 * Builds the whole prompt text (it goes on the CLI's stdin).
 *
 * @example
 * buildPrompt({ workflowText, agentText, phase: 'init', iteration: 1, attempt: 1, reminder: false, place, timeoutSeconds: 1800, now: Date.now() })
 */
export function buildPrompt(input: PromptInput): string {
  const sections = [input.workflowText.trimEnd(), renderContext(input)];
  if (input.reminder) sections.push(`# Reminder\n\n${SIGNAL_REMINDER}`);
  if (input.escalation)
    sections.push(`# Escalated iteration\n\n${renderEscalation(input.escalation, input.model)}`);
  if (input.verifyFailure)
    sections.push(`# Verification failed\n\n${renderVerifyFailure(input.verifyFailure)}`);
  if (input.rejection !== undefined)
    sections.push(`# The plan was rejected\n\n${renderRejection(input.rejection)}`);
  sections.push(`# Phase agent: ${PHASE_REGISTRY[input.phase].agent}\n\n${input.agentText.trimEnd()}`);
  return `${sections.join('\n\n')}\n`;
}

async function readPart(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new SamocodeError(
      'prompt.missing',
      `read prompt: cannot read ${what} at ${path} (${error instanceof Error ? error.message : String(error)}); reinstall samocode or restore the file`,
      { cause: error },
    );
  }
}

/** Reads `workflow.md` and the phase agent's `agents/<agent>.md` from the package (or `root`). */
export async function readPromptParts(phase: Phase, root: string = packageRoot()): Promise<PromptParts> {
  const agent = PHASE_REGISTRY[phase].agent;
  const [workflowText, agentText] = await Promise.all([
    readPart(join(root, 'workflow.md'), 'the workflow contract'),
    readPart(join(root, 'agents', `${agent}.md`), `the ${phase} agent instructions`),
  ]);
  return { workflowText, agentText };
}

/**
 * Reads each phase's parts once for the life of the returned function (one run): they are package
 * files, and re-reading them cost two file reads per attempt. A failed read is not kept.
 */
export function cachePromptParts(
  read: (phase: Phase) => Promise<PromptParts>,
): (phase: Phase) => Promise<PromptParts> {
  const cache = new Map<Phase, Promise<PromptParts>>();
  return (phase) => {
    const known = cache.get(phase);
    if (known) return known;
    const reading = read(phase);
    cache.set(phase, reading);
    reading.catch(() => cache.delete(phase));
    return reading;
  };
}
