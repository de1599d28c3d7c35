/** The agent's `_signal.json`: removed before each attempt, read (size-capped) after it. */
import { open, rm } from 'node:fs/promises';
import { MAX_SIGNAL_BYTES } from '../../machines/signal.js';
import { buildSessionPaths } from '../session/paths.js';

export function signalPathOf(sessionDir: string): string {
  return buildSessionPaths(sessionDir).signal;
}

export async function removeSignalFile(sessionDir: string): Promise<void> {
  await rm(signalPathOf(sessionDir), { force: true });
}

/** The file's text, at most MAX_SIGNAL_BYTES + 1 bytes (enough for the size rule to refuse it); undefined if missing. */
export async function readSignalFile(sessionDir: string): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(signalPathOf(sessionDir), 'r');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(MAX_SIGNAL_BYTES + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) break;
    }
    return buffer.subarray(0, filled).toString('utf8');
  } finally {
    await handle.close();
  }
}
