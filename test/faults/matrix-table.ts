/** Renders the fault matrix results as a Markdown table (printed by the test, pasted into docs/RELIABILITY.md). */
export interface MatrixResult {
  readonly fault: string;
  readonly outcome: string;
  readonly exitCode: number | null;
  readonly rowsLost: number;
  readonly orphans: number;
}

export function renderMatrix(results: readonly MatrixResult[]): string {
  const header = '| # | fault | outcome | exit code | rows lost | orphans |\n|---|---|---|---|---|---|';
  const lines = results.map(
    (result, i) =>
      `| ${i + 1} | ${result.fault} | ${result.outcome} | ${result.exitCode ?? 'signal'} | ${result.rowsLost} | ${result.orphans} |`,
  );
  return [header, ...lines].join('\n');
}
