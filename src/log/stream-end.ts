/** Ends a writable and waits until what was written has reached the file, within a cap. */

/** A disk that never answers must not hold the exit for ever. */
const END_CAP_MS = 3_000;

interface Endable {
  end(callback?: () => void): unknown;
}

/**
 * `end(callback)` calls back once every write is flushed, also when the stream had already ended
 * or failed (node then passes an error, which changes nothing here).
 */
export function endAndFlush(stream: Endable): Promise<void> {
  return new Promise((resolve) => {
    // Not unref'd: with nothing else pending, node would end the process here, before the exit
    // code is set, and a run that blocked would exit 0.
    const timer = setTimeout(resolve, END_CAP_MS);
    stream.end(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
