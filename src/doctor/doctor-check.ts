/** One line of `samocode doctor` and the verdict over all of them. Pure. */

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  /** Stable dotted id (`provider.cli`, `paths.sessions`); tests and `--json` readers use it. */
  readonly id: string;
  readonly status: CheckStatus;
  /** What was found, in plain words. */
  readonly message: string;
  /** What to do about it (fail and warn only). */
  readonly fix?: string;
}

export const check = (id: string, status: CheckStatus, message: string, fix?: string): DoctorCheck =>
  fix === undefined ? { id, status, message } : { id, status, message, fix };

/** Warnings do not fail the doctor: they name something worth knowing, not a broken first run. */
export function isHealthy(checks: readonly DoctorCheck[]): boolean {
  return checks.every((entry) => entry.status !== 'fail');
}

const LABEL: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

export function renderDoctorReport(checks: readonly DoctorCheck[]): string {
  const width = Math.max(...checks.map((entry) => entry.id.length));
  const lines = checks.flatMap((entry) => [
    `${LABEL[entry.status]}  ${entry.id.padEnd(width)}  ${entry.message}`,
    ...(entry.fix ? [`${' '.repeat(width + 8)}fix: ${entry.fix}`] : []),
  ]);
  const failed = checks.filter((entry) => entry.status === 'fail').length;
  const warned = checks.filter((entry) => entry.status === 'warn').length;
  lines.push(
    failed === 0
      ? `all checks passed${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}`
      : `${failed} check${failed === 1 ? '' : 's'} failed: fix ${failed === 1 ? 'it' : 'them'} before the first run`,
  );
  return `${lines.join('\n')}\n`;
}
