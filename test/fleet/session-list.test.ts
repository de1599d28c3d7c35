import { describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import type { SessionFiles } from '../../src/fleet/read-session-files.js';
import { orderSessions, renderAge, renderSessionList } from '../../src/fleet/session-list.js';
import { buildSessionSummary, type SummaryPlace } from '../../src/fleet/session-summary.js';
import { DEFAULT_VIEW_SETTINGS } from '../../src/view/view-settings.js';

const NOW = Date.parse('2026-12-02T05:00:00Z');
const place: SummaryPlace = {
  configPath: '/p/.samocode',
  settings: DEFAULT_VIEW_SETTINGS,
  branchPrefix: '',
  worktrees: { dir: '/w', folders: new Set(['b']) },
  now: NOW,
};

function files(
  folder: string,
  value: string | Record<string, string> | undefined,
  changedAtMs: number,
  extra: Partial<SessionFiles> = {},
): SessionFiles {
  return {
    folder,
    dir: `/s/${folder}`,
    state:
      value === undefined
        ? undefined
        : {
            v: 1,
            snapshot: {
              status: 'active',
              value,
              context: { ...initialContext(), totalIterations: 3 },
            },
          },
    rows: [],
    corruptHistoryLines: 0,
    lock: { isLive: false },
    changedAtMs,
    ...extra,
  };
}

describe('orderSessions', () => {
  it('puts the sessions that need a human first, newest first within a class', () => {
    const sessions = [
      files('done-a', 'completed', NOW - 1000),
      files('run-a', { init: 'running' }, NOW - 5000, {
        lock: { isLive: true, holder: { pid: 7, host: 'h', startedAt: 'x' } },
      }),
      files('blocked-old', { init: 'blocked' }, NOW - 9000),
      files('blocked-new', { init: 'blocked' }, NOW - 100),
      files('wait', { planning: 'awaitingApproval' }, NOW - 50_000),
      files('stopped', { testing: 'running' }, NOW - 10),
    ].map((f) => buildSessionSummary(f, place));
    expect(orderSessions(sessions).map((s) => s.session)).toEqual([
      'wait',
      'blocked-new',
      'blocked-old',
      'stopped',
      'run-a',
      'done-a',
    ]);
  });
});

describe('buildSessionSummary', () => {
  it('lists a corrupt state file as a problem with the command that explains it', () => {
    const summary = buildSessionSummary(
      files('bad', undefined, NOW, { stateProblem: '/s/bad/_state.json is not valid JSON' }),
      place,
    );
    expect(summary).toMatchObject({
      attention: 'corrupt',
      state: 'unreadable',
      headline: 'its state file (_state.json) cannot be read',
      details: ['/s/bad/_state.json is not valid JSON'],
      continueWith: 'samocode run --config /p/.samocode --session bad',
    });
  });

  it('treats a state this samocode does not know as corrupt', () => {
    const summary = buildSessionSummary(files('odd', { shipping: 'running' }, NOW), place);
    expect(summary).toMatchObject({
      attention: 'corrupt',
      details: ['_state.json holds a state this samocode does not know (shipping.running)'],
    });
  });

  it('sums spend and tokens over the history rows and notes corrupt lines', () => {
    const row = {
      v: 1 as const,
      time: 't',
      iteration: 1,
      sourcePhase: 'init',
      rawSignal: null,
      event: 'signal.continue',
      target: null,
      accepted: true,
      rejection: null,
      state: 'init.running',
      outcome: 'success',
      attempts: 1,
      durationMs: 1,
      tokens: { input: 100, output: 10 },
      costUsd: 0.1,
      provider: 'claude',
      model: 'opus',
    };
    const summary = buildSessionSummary(
      files('s', { init: 'running' }, NOW, { rows: [row, row, row], corruptHistoryLines: 2 }),
      place,
    );
    expect(summary.spend).toEqual({
      costUsd: 0.3,
      costBasis: 'reported',
      costText: '$0.30',
      tokens: { input: 300, output: 30 },
    });
    expect(summary.problems).toEqual(['2 corrupt history line(s) skipped']);
  });
});

describe('renderSessionList', () => {
  it('renders aligned columns and the problems below', () => {
    const text = renderSessionList([
      buildSessionSummary(files('26-12-01-a', { init: 'blocked' }, NOW - 120_000), place),
      buildSessionSummary(files('b', 'completed', NOW - 3 * 86_400_000, { corruptHistoryLines: 1 }), place),
    ]);
    expect(text).toBe(
      [
        'SESSION     NEEDS           PHASE  MODEL  ITER  SPEND  PID  CHANGED  STATE',
        '26-12-01-a  human: blocked  init   -      3     $0.00  -    2m ago   blocked in init',
        'b           completed       done   -      3     $0.00  -    3d ago   complete (claimed by the agent, not verified)',
        'problems:',
        '  b: 1 corrupt history line(s) skipped',
        '',
      ].join('\n'),
    );
  });

  it('says so when there are no sessions', () => {
    expect(renderSessionList([])).toBe('no sessions yet\n');
  });

  it.each([
    [42_000, '42s'],
    [30 * 60_000, '30m'],
    [5 * 3_600_000, '5h'],
    [4 * 86_400_000, '4d'],
  ])('renders an age of %i ms as %s', (ms, text) => {
    expect(renderAge(new Date(NOW - ms).toISOString(), NOW)).toBe(text);
  });
});
