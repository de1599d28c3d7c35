/** The session folder's part of the progress mark, on real folders: what the agent writes counts, samocode's own files do not. */
import { appendFileSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentLinesOfOverview,
  MAX_HASHED_BYTES,
  readSessionFilesMark,
} from '../../src/providers/session-files-mark.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

function folder() {
  const dir = join(makeTempTree(), '26-11-24-demo');
  mkdirSync(join(dir, '_logs'), { recursive: true });
  writeFileSync(join(dir, '_overview.md'), OVERVIEW);
  writeFileSync(join(dir, '001-setup.md'), '# setup');
  return dir;
}

const OVERVIEW = [
  '# Session: demo',
  '## Status',
  'Phase: investigation',
  'Iteration: 1 in investigation',
  'Total Iterations: 2',
  'Blocked: no',
  'Last Action: read the code',
  'Next: look at the database layer',
  '## Flow Log',
  '- [000 @ 2026-11-24 10:00] samocode: session created',
  '- [002 @ 2026-11-24 10:05] investigation: dived into the API -> 002-dive-api.md',
  '',
].join('\n');

describe('readSessionFilesMark', () => {
  it('does not change with the files samocode writes on every transition', () => {
    const dir = folder();
    const before = readSessionFilesMark(dir);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(join(dir, '_state.json'), '{"v":1}');
    writeFileSync(join(dir, '_signal_history.jsonl'), '{}\n');
    writeFileSync(join(dir, '_signal.json'), '{"status":"continue"}');
    writeFileSync(join(dir, 'session.log'), 'a line\n');
    writeFileSync(join(dir, '_run.lock'), '{}');
    writeFileSync(join(dir, '_provider.pid'), '123');
    writeFileSync(join(dir, '_plan.json'), '{}');
    writeFileSync(join(dir, '_logs', '003-investigation-a1.jsonl'), '{}');
    writeFileSync(join(dir, '._state.json.123.4.tmp'), 'half');
    // samocode's own overview lines: status and Flow Log lines.
    writeFileSync(
      join(dir, '_overview.md'),
      OVERVIEW.replace('Iteration: 1 in investigation', 'Iteration: 2 in investigation')
        .replace('Total Iterations: 2', 'Total Iterations: 3')
        .replace('Blocked: no', 'Blocked: yes: x')
        .concat(
          '- [003 @ 2026-11-24 10:09] samocode: investigation.running -> investigation.running (signal.continue)\n',
        ),
    );
    expect(readSessionFilesMark(dir)).toBe(before);
  });

  it.each([
    ['a new notes file', (dir: string) => writeFileSync(join(dir, '003-dive-db.md'), '# db')],
    ['an edited document', (dir: string) => appendFileSync(join(dir, '001-setup.md'), '\nmore')],
    [
      'a file in a sub-folder',
      (dir: string) => {
        mkdirSync(join(dir, 'notes', 'deep'), { recursive: true });
        writeFileSync(join(dir, 'notes', 'deep', 'api.md'), '# api');
      },
    ],
    ['answers in _qa.md', (dir: string) => writeFileSync(join(dir, '_qa.md'), '**Answer:** yes')],
    [
      "the agent's overview lines",
      (dir: string) =>
        writeFileSync(join(dir, '_overview.md'), OVERVIEW.replace('read the code', 'read the db')),
    ],
    ['a symbolic link (not followed)', (dir: string) => symlinkSync('/etc/hostname', join(dir, 'link.md'))],
  ])('changes with %s', (_what, change) => {
    const dir = folder();
    const before = readSessionFilesMark(dir);
    change(dir);
    expect(readSessionFilesMark(dir)).not.toBe(before);
  });

  it('does not change when a document is written again with the same contents', () => {
    const dir = folder();
    const before = readSessionFilesMark(dir);
    writeFileSync(join(dir, '001-setup.md'), '# setup');
    expect(readSessionFilesMark(dir)).toBe(before);
  });

  it('counts a file past the size cap by its size, unread', () => {
    const dir = folder();
    const big = join(dir, 'dump.bin');
    writeFileSync(big, '');
    truncateSync(big, MAX_HASHED_BYTES + 1);
    const before = readSessionFilesMark(dir);
    truncateSync(big, MAX_HASHED_BYTES + 2);
    expect(readSessionFilesMark(dir)).not.toBe(before);
  });

  it('never fails an attempt: a folder that cannot be read has a mark too', () => {
    expect(readSessionFilesMark(join(makeTempTree(), 'gone'))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('agentLinesOfOverview', () => {
  it("keeps the agent's lines and drops samocode's status and Flow Log lines", () => {
    expect(agentLinesOfOverview(OVERVIEW).split('\n')).toEqual([
      '# Session: demo',
      '## Status',
      'Last Action: read the code',
      'Next: look at the database layer',
      '## Flow Log',
      '- [002 @ 2026-11-24 10:05] investigation: dived into the API -> 002-dive-api.md',
      '',
    ]);
  });
});
