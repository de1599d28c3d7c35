/** Answers into `_qa.md`: an edited file replaces it, a reply is added under a heading naming who answered. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDecision, type Decision } from '../../src/gates/decision.js';
import { buildQaText, writeQaAnswers } from '../../src/runner/qa-answers.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

function answer(payload: Decision['payload'], channel: 'dashboard' | 'telegram' = 'dashboard'): Decision {
  const built = buildDecision({
    gateId: 's/g1-answers',
    action: 'answer',
    channel,
    who: '@alice',
    at: new Date('2026-12-07T12:04:00.000Z'),
    ...(payload ? { payload } : {}),
  });
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.decision;
}

const QA = '# Q&A\nStatus: waiting\n\n### Q1: which db?\n**Answer:** _waiting_\n';

describe('buildQaText', () => {
  it('an edited _qa.md replaces the file, ending in a newline', () => {
    expect(buildQaText(QA, answer({ qa: QA.replace('_waiting_', 'B') }))).toBe(QA.replace('_waiting_', 'B'));
    expect(buildQaText(QA, answer({ qa: 'x' }))).toBe('x\n');
  });

  it('a reply is added under a heading with who, how and when', () => {
    expect(buildQaText(QA, answer({ answers: ' Q1: B \n' }, 'telegram'))).toBe(
      `${QA}\n## Answers from @alice via telegram at 2026-12-07T12:04:00.000Z\n\nQ1: B\n`,
    );
    expect(buildQaText('no newline', answer({ answers: 'A' }))).toBe(
      'no newline\n\n## Answers from @alice via dashboard at 2026-12-07T12:04:00.000Z\n\nA\n',
    );
  });

  it('a decision without answers leaves _qa.md as the person wrote it', () => {
    expect(buildQaText(QA, answer(undefined))).toBeUndefined();
  });
});

describe('writeQaAnswers', () => {
  it('writes the file (creating it when missing) and says whether it wrote', () => {
    const dir = makeTempTree();
    const path = join(dir, '_qa.md');
    expect(writeQaAnswers(path, answer(undefined))).toBe(false);
    expect(existsSync(path)).toBe(false);
    expect(writeQaAnswers(path, answer({ answers: 'Q1: B' }))).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('Q1: B\n');
    writeFileSync(path, QA);
    expect(writeQaAnswers(path, answer({ qa: 'replaced' }))).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('replaced\n');
  });
});
