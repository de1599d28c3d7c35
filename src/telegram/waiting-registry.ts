/**
 * Sessions waiting at a gate register here, so the one poller of the bot serves them all:
 * `waiting/<session hash>.json` with the session folder, the gate, the gate message (its text, and
 * its id once sent) and the waiting process. Each file has one writer, the session's process.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { GATE_KINDS, isGateOfSession } from '../gates/gate-id.js';
import { readSmallFile } from '../gates/read-small-file.js';
import { writeFileAtomic } from '../session/atomic-write.js';
import { isProcessAlive } from '../session/process-alive.js';
import { buildGateKey, buildWaitingPath, type TelegramStatePaths } from './state-paths.js';

const MAX_REGISTRATION_BYTES = 64 * 1024;

export const RegistrationSchema = z
  .strictObject({
    sessionDir: z.string().min(1),
    gateId: z.string().min(1),
    gateKind: z.enum(GATE_KINDS),
    gateKey: z.string().regex(/^[0-9a-f]{16}$/),
    /** The gate message as sent (Telegram HTML), kept to edit it after the decision. */
    html: z.string().max(4096),
    /** Set once the gate message was sent. */
    messageId: z.number().int().optional(),
    pid: z.number().int(),
    host: z.string(),
    registeredAt: z.string(),
  })
  .refine((entry) => isGateOfSession(entry.gateId, entry.sessionDir), 'the gate is not of this session');
export type Registration = z.infer<typeof RegistrationSchema>;

export interface RegistrationInput {
  readonly sessionDir: string;
  readonly gateId: string;
  readonly gateKind: Registration['gateKind'];
  readonly html: string;
  readonly messageId?: number;
}

/** Registers (or re-registers, e.g. with the message id) this process as waiting on the gate. */
export function registerWaiting(paths: TelegramStatePaths, input: RegistrationInput): Registration {
  const sessionDir = resolve(input.sessionDir);
  const registration = RegistrationSchema.parse({
    sessionDir,
    gateId: input.gateId,
    gateKind: input.gateKind,
    gateKey: buildGateKey(sessionDir, input.gateId),
    html: input.html.slice(0, 4096),
    ...(input.messageId === undefined ? {} : { messageId: input.messageId }),
    pid: process.pid,
    host: hostname(),
    registeredAt: new Date().toISOString(),
  });
  mkdirSync(paths.waiting, { recursive: true, mode: 0o700 });
  writeFileAtomic(buildWaitingPath(paths, sessionDir), `${JSON.stringify(registration)}\n`);
  return registration;
}

/** Removes the session's registration if it is still for `gateId` (a newer gate's stays). */
export function removeWaiting(paths: TelegramStatePaths, sessionDir: string, gateId: string): void {
  const path = buildWaitingPath(paths, sessionDir);
  const current = readRegistration(path);
  if (current.kind === 'ok' && current.registration.gateId === gateId) rmSync(path, { force: true });
}

type RegistrationRead =
  | { readonly kind: 'ok'; readonly registration: Registration }
  | { readonly kind: 'gone' }
  | { readonly kind: 'bad'; readonly reason: string };

function readRegistration(path: string): RegistrationRead {
  const read = readSmallFile(path, MAX_REGISTRATION_BYTES);
  if (read.kind === 'missing') return { kind: 'gone' };
  if (read.kind === 'refused') return { kind: 'bad', reason: read.reason };
  try {
    const parsed = RegistrationSchema.safeParse(JSON.parse(read.text));
    return parsed.success
      ? { kind: 'ok', registration: parsed.data }
      : { kind: 'bad', reason: `${path} is not a registration` };
  } catch {
    return { kind: 'bad', reason: `${path} is not JSON` };
  }
}

function removeStale(path: string, problems: string[]): void {
  try {
    rmSync(path, { force: true });
  } catch (error) {
    problems.push(
      `cannot remove ${path}, left by a process that ended: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export interface RegistrationList {
  readonly registrations: readonly Registration[];
  readonly problems: readonly string[];
}

/**
 * The registrations of live processes. A registration left by a dead process on this host is
 * removed (its session no longer waits here); an unreadable file is reported and skipped.
 */
export function readRegistrations(paths: TelegramStatePaths): RegistrationList {
  let names: string[];
  try {
    names = readdirSync(paths.waiting).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  } catch {
    return { registrations: [], problems: [] };
  }
  const registrations: Registration[] = [];
  const problems: string[] = [];
  for (const name of names.sort()) {
    const path = join(paths.waiting, name);
    const read = readRegistration(path);
    if (read.kind === 'bad') problems.push(read.reason);
    if (read.kind !== 'ok') continue;
    const entry = read.registration;
    if (entry.host !== hostname() || isProcessAlive(entry.pid)) registrations.push(entry);
    else removeStale(path, problems);
  }
  return { registrations, problems };
}
