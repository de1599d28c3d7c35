import { describe, expect, it } from 'vitest';
import {
  appendFlowLine,
  FLOW_LOG_SAMOCODE_LINES,
  patchOverviewStatus,
  readFlowLog,
  renderFlowLine,
  renderOverview,
} from '../../src/session/overview.js';

const agentWritten = `# Session: demo
Started: 2026-01-01 10:00
Working Dir: /somewhere

## Task
Add a login form

## Status
Phase: investigation
Iteration: 2
Blocked: no
Last Action: read the code
Next: write the dive

## Flow Log
- [001 @ 01-01 10:00] Session initialized
- [002 @ 01-01 10:05] Dive -> dive.md

## Files
- dive.md - findings
`;

describe('overview', () => {
  it('patches only the owned lines, inserting a missing one after the previous owned line', () => {
    const patched = patchOverviewStatus(agentWritten, {
      phase: 'requirements',
      iteration: 1,
      totalIterations: 3,
      blocked: 'yes: need\nthe key',
    });
    expect(patched).toBe(
      agentWritten
        .replace('Phase: investigation', 'Phase: requirements')
        .replace('Iteration: 2\n', 'Iteration: 1 in requirements\nTotal Iterations: 3\n')
        .replace('Blocked: no', 'Blocked: yes: need the key'),
    );
  });

  it('appends a samocode Flow Log line after the last entry, before the next section', () => {
    const line = renderFlowLine({
      iteration: 3,
      time: new Date(2026, 0, 2, 9, 7),
      from: 'investigation.running',
      to: 'requirements.running',
      event: 'signal.continue',
    });
    expect(line).toBe(
      '- [003 @ 2026-01-02 09:07] samocode: investigation.running -> requirements.running (signal.continue)',
    );
    const text = appendFlowLine(agentWritten, line);
    expect(text).toContain(`- [002 @ 01-01 10:05] Dive -> dive.md\n${line}\n\n## Files`);
    expect(readFlowLog(text, 2)).toEqual(['- [002 @ 01-01 10:05] Dive -> dive.md', line]);
  });

  it('keeps only the newest samocode Flow Log lines, and every agent entry', () => {
    const samocode = (n: number) =>
      `- [${String(n).padStart(3, '0')} @ 2026-01-02 09:07] samocode: a -> b (signal.continue)`;
    let text = agentWritten;
    for (let n = 1; n <= 5; n += 1) text = appendFlowLine(text, samocode(n), 3);
    expect(readFlowLog(text, 100)).toEqual([
      '- [001 @ 01-01 10:00] Session initialized',
      '- [002 @ 01-01 10:05] Dive -> dive.md',
      samocode(3),
      samocode(4),
      samocode(5),
    ]);
    expect(text).toContain(`${samocode(5)}\n\n## Files\n- dive.md - findings\n`);
  });

  it('caps the samocode Flow Log lines at FLOW_LOG_SAMOCODE_LINES by default', () => {
    let text = agentWritten;
    for (let n = 1; n <= FLOW_LOG_SAMOCODE_LINES + 10; n += 1)
      text = appendFlowLine(text, `- [${n} @ t] samocode: a -> b (e)`);
    const entries = readFlowLog(text, 10_000);
    expect(entries.filter((entry) => entry.includes('samocode:'))).toHaveLength(FLOW_LOG_SAMOCODE_LINES);
    expect(entries.at(-1)).toBe(`- [${FLOW_LOG_SAMOCODE_LINES + 10} @ t] samocode: a -> b (e)`);
  });

  it('creates a Flow Log section when there is none', () => {
    expect(appendFlowLine('# x\n', '- a')).toBe('# x\n\n## Flow Log\n- a\n');
  });

  it('renders a template whose status lines can be patched', () => {
    const text = renderOverview(
      { sessionName: 's', startedAt: new Date(2026, 0, 1, 8, 0), workDir: '/w', task: 'do it' },
      { phase: 'init', iteration: 1, totalIterations: 0, blocked: 'no' },
    );
    expect(text).toContain('Task: do it');
    expect(text).toContain(
      'Phase: init\nIteration: 1 in init\nTotal Iterations: 0\nBlocked: no\nLast Action: Session created by samocode\nNext: Run the init agent\n',
    );
    expect(
      patchOverviewStatus(text, { phase: 'init', iteration: 2, totalIterations: 1, blocked: 'no' }),
    ).toContain(
      'Iteration: 2 in init\nTotal Iterations: 1\nBlocked: no\nLast Action: Session created by samocode\n',
    );
  });

  it('rewrites Last Action and Next only when the run gives them (a run that stopped)', () => {
    const ended = patchOverviewStatus(agentWritten, {
      phase: 'completed',
      iteration: 1,
      iterationPhase: 'done',
      totalIterations: 7,
      blocked: 'no',
      lastAction: 'samocode: session complete',
      next: 'merge it, then run: samocode clean --config /p/.samocode --session demo',
    });
    expect(ended).toContain(
      'Phase: completed\nIteration: 1 in done\nTotal Iterations: 7\nBlocked: no\nLast Action: samocode: session complete\nNext: merge it, then run: samocode clean --config /p/.samocode --session demo\n',
    );
    expect(ended).not.toContain('read the code');
  });

  it('stores the task and dive with token shapes redacted and controls neutralised', () => {
    const text = renderOverview(
      {
        sessionName: 'demo',
        startedAt: new Date(2026, 0, 1, 10, 0),
        workDir: '/w',
        task: 'deploy with ghp_TaskSecretGithubToken0123456789abcdef\u001b[31m now',
        dive: 'key sk-ant-api03-DiveSecret0123456789',
      },
      { phase: 'init', iteration: 1, totalIterations: 1, blocked: 'no' },
    );
    expect(text).toContain('Task: deploy with [redacted]␛[31m now');
    expect(text).toContain('Dive topic: key [redacted]');
    expect(text).not.toContain('ghp_TaskSecret');
    expect(text).not.toContain('sk-ant-api03-DiveSecret');
  });
});
