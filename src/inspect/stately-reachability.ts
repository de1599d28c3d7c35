/**
 * `--inspect=stately` loads https://stately.ai/inspect in the browser. This asks, once and in the
 * background, whether this machine can reach it, so a run without internet says so at once and
 * offers the local page instead of leaving the user before a blank frame.
 */
import { got, RequestError } from 'got';

export type Reachability =
  | { readonly isReachable: true }
  | { readonly isReachable: false; readonly reason: string };

/** How long the probe waits for an answer. */
export const PROBE_TIMEOUT_MS = 5_000;

/** Why a request failed, in a few words; the error code where there is one. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof RequestError) {
    if (error.code === 'ETIMEDOUT')
      return `no answer within ${timeoutMs >= 1_000 ? `${Math.round(timeoutMs / 1_000)} s` : `${timeoutMs} ms`}`;
    if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
      return `its name does not resolve (${error.code})`;
    if (error.code === 'ECONNREFUSED') return 'the connection was refused (ECONNREFUSED)';
    return error.code ? `${error.code}: ${error.message.slice(0, 120)}` : error.message.slice(0, 120);
  }
  return error instanceof Error ? error.message.slice(0, 120) : String(error).slice(0, 120);
}

/** One HEAD request, no retry; any answer below 500 counts as reachable. Never throws. */
export async function probeReachability(
  url: string,
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
): Promise<Reachability> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  try {
    const response = await got.head(url, {
      timeout: { request: timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return response.statusCode < 500
      ? { isReachable: true }
      : { isReachable: false, reason: `it answered HTTP ${response.statusCode}` };
  } catch (error) {
    return { isReachable: false, reason: describeFailure(error, timeoutMs) };
  }
}

/** The warning `run` logs when the probe fails. */
export function renderUnreachable(url: string, reason: string, localUrl: string): string {
  return `inspector: ${url} cannot be reached from this machine (${reason}), so the Stately page will stay empty unless your browser can reach it; the local page needs no internet: open ${localUrl}`;
}
