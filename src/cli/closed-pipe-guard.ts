/**
 * When the reader of stdout or stderr goes away (`samocode run … | head -1`), writing there fails
 * with EPIPE. Unhandled, that error kills the process mid-transition: no history row, the lock
 * and the provider record left behind. This guard turns it into "stop printing to that stream",
 * so the run finishes its transition, persists, releases the lock and exits quietly.
 */
import type { Writable } from 'node:stream';

const CLOSED_CODES: ReadonlySet<string> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** True for the errors a closed reader causes. */
export function isClosedPipeError(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && CLOSED_CODES.has(code);
}

/** Makes `stream` drop writes once its reader has gone; any other stream error is rethrown. */
export function guardClosedPipe(stream: Writable): void {
  let isClosed = false;
  const write = stream.write.bind(stream);
  const guarded: typeof stream.write = (chunk: unknown, encodingOrDone?: unknown, done?: unknown) => {
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (isClosed) {
      if (typeof callback === 'function') process.nextTick(callback);
      return true;
    }
    return Reflect.apply(
      write,
      stream,
      [chunk, encodingOrDone, done].filter((arg) => arg !== undefined),
    );
  };
  stream.write = guarded;
  stream.on('error', (error: unknown) => {
    if (!isClosedPipeError(error)) throw error;
    isClosed = true;
  });
}

/** Installed once by the bin, before anything prints. */
export function guardStandardStreams(): void {
  guardClosedPipe(process.stdout);
  guardClosedPipe(process.stderr);
}
