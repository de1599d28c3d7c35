import { describe, expect, it } from 'vitest';
import { buildRunSummary, renderRunSummary } from '../../src/log/run-summary.js';
import type { AttemptReport } from '../../src/providers/types.js';

const attempt = (
  phase: string,
  iteration: number,
  n: number,
  durationMs: number,
  costUsd: number,
): AttemptReport => ({
  phase,
  iteration,
  attempt: n,
  provider: 'claude',
  model: 'opus',
  outcome: 'success',
  message: '',
  durationMs,
  exitCode: 0,
  inputTokens: 1_000,
  outputTokens: 500,
  costUsd,
  costBasis: 'reported',
  logFile: 'l',
  stderrFile: 'e',
});

describe('run summary', () => {
  const reports = [
    attempt('investigation', 2, 1, 30_000, 0.1),
    attempt('init', 1, 1, 10_000, 0.05),
    attempt('investigation', 3, 1, 20_000, 0.1),
    attempt('investigation', 3, 2, 40_000, 0.2),
  ];

  it('totals iterations, attempts, time, tokens and cost per phase in workflow order', () => {
    expect(buildRunSummary(reports)).toEqual({
      phases: [
        {
          phase: 'init',
          iterations: 1,
          attempts: 1,
          durationMs: 10_000,
          tokens: 1_500,
          costUsd: 0.05,
          costBasis: 'reported',
        },
        {
          phase: 'investigation',
          iterations: 2,
          attempts: 3,
          durationMs: 90_000,
          tokens: 4_500,
          costUsd: 0.4,
          costBasis: 'reported',
        },
      ],
      total: {
        phase: 'total',
        iterations: 3,
        attempts: 4,
        durationMs: 100_000,
        tokens: 6_000,
        costUsd: 0.45,
        costBasis: 'reported',
      },
    });
  });

  it('renders an aligned table', () => {
    expect(renderRunSummary(buildRunSummary(reports))).toBe(
      [
        'run summary',
        'phase          iterations  attempts    time  tokens   cost',
        'init                    1         1     10s    1.5k  $0.05',
        'investigation           2         3  1m 30s    4.5k  $0.40',
        'total                   3         4  1m 40s    6.0k  $0.45',
      ].join('\n'),
    );
  });

  it('marks a total with an estimate as estimated, and one where no attempt reported a cost as n/a', () => {
    const crashed = { ...attempt('init', 1, 1, 1_000, 0), costBasis: 'none' as const };
    const codex = { ...attempt('investigation', 2, 1, 1_000, 0.0035), costBasis: 'estimated' as const };
    const lines = renderRunSummary(buildRunSummary([crashed, codex])).split('\n');
    expect(lines.map((line) => line.split(/ {2,}/).at(-1))).toEqual([
      'run summary',
      'cost',
      'n/a',
      '≈<$0.01 (estimated)',
      '≈<$0.01 (estimated)',
    ]);
  });
});
