import { describe, expect, it } from 'vitest';
import { PHASE_REGISTRY, PHASES } from '../../machines/phases.js';
import { renderPhasesDoc, renderPhaseTable, renderSignalBlock } from '../../src/install/phase-table.js';

describe('renderPhaseTable', () => {
  it('renders one row per phase with next phases, statuses, targets, waits, budget and gate', () => {
    const lines = renderPhaseTable(PHASE_REGISTRY).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[2]).toBe(
      '| `init` | `init-agent.md` | `investigation` | `continue`, `blocked` | `init` (stay), `investigation` | – | 5 |  |',
    );
    expect(lines[5]).toBe(
      '| `planning` | `planning-agent.md` | `implementation` | `continue`, `waiting`, `blocked` | `planning` (stay), `implementation` (after approval) | `plan_approval` | 10 | leaving needs approval: wait for `plan_approval`, then `samocode approve` (or `--auto-approve`) moves to `implementation` |',
    );
    expect(lines[9]).toBe('| `done` | `done-agent.md` | – | `done`, `blocked` | – | – | 3 |  |');
  });
});

describe('renderSignalBlock', () => {
  it('lists exactly the requirements phase moves, its wait and its budget', () => {
    expect(renderSignalBlock(PHASE_REGISTRY, 'requirements')).toBe(
      [
        '## Signals you may write',
        '',
        'Generated from the phase registry; do not edit by hand. In `requirements` the only statuses allowed are `continue`, `waiting`, `blocked`. Anything else blocks the session.',
        '',
        '- `{"status":"continue","phase":"requirements"}`: stay in `requirements`; samocode runs it again next iteration.',
        '- `{"status":"continue","phase":"planning"}`: move on to `planning`.',
        '- `{"status":"waiting","phase":"requirements","for":"qa_answers","summary":"<what you need>"}`: park until a human answers the questions in `_qa.md` and runs samocode again; `requirements` then runs again.',
        '- `{"status":"blocked","phase":"requirements","reason":"<what is wrong and what you tried>","needs":"<need>"}`: stop for a human; `<need>` is one of `human_decision`, `clarification`, `error_resolution`, `environment`. Running samocode again resumes `requirements`.',
        '',
        'Budget: at most 10 iterations in `requirements` over the whole session; past that samocode blocks for a human decision.',
      ].join('\n'),
    );
  });

  it('done offers done and blocked, never continue', () => {
    const block = renderSignalBlock(PHASE_REGISTRY, 'done');
    expect(block).toContain(
      '- `{"status":"done","phase":"done","summary":"<one line: what was delivered>"}`: the session is complete.',
    );
    expect(block).not.toContain('"status":"continue"');
    expect(block).not.toContain('"status":"waiting"');
  });

  it('the approval wait of planning says samocode moves on after approval', () => {
    expect(renderSignalBlock(PHASE_REGISTRY, 'planning')).toContain(
      '- `{"status":"waiting","phase":"planning","for":"plan_approval","summary":"<what you need>"}`: park until a human approves the plan (`samocode approve` or `--auto-approve`); samocode then moves the session to `implementation`.',
    );
  });
});

describe('renderPhasesDoc', () => {
  it('holds the table and a section per phase', () => {
    const doc = renderPhasesDoc(PHASE_REGISTRY);
    expect(doc.startsWith('# Phases and signals\n')).toBe(true);
    expect(doc).toContain(renderPhaseTable(PHASE_REGISTRY));
    expect([...doc.matchAll(/^### (\w+)$/gm)].map((match) => match[1])).toEqual([...PHASES]);
  });
});
