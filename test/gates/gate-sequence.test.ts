import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeGate, openGate, readLatestGate, readOpenGateId } from '../../src/gates/gate-sequence.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const at = new Date('2026-01-01T10:00:00Z');
const session = (): string => join(makeTempTree({ '26-01-01-seq/': '' }), '26-01-01-seq');

describe('the gate sequence', () => {
  it('numbers gates from 1 and never reuses a number', () => {
    const dir = session();
    expect(readOpenGateId(dir)).toBeUndefined();
    const first = openGate(dir, 'answers', 3, at);
    expect(first).toEqual({
      gateId: '26-01-01-seq/g1-answers',
      seq: 1,
      kind: 'answers',
      marker: 3,
      openedAt: at.toISOString(),
    });
    expect(readOpenGateId(dir)).toBe('26-01-01-seq/g1-answers');
    closeGate(dir, first.gateId, at);
    expect(readOpenGateId(dir)).toBeUndefined();
    expect(openGate(dir, 'approval', 7, at).gateId).toBe('26-01-01-seq/g2-approval');
  });

  it('reopens the same gate when the same wait is entered again after a restart', () => {
    const dir = session();
    const first = openGate(dir, 'grant', 12, at);
    expect(openGate(dir, 'grant', 12, new Date('2026-01-02T00:00:00Z'))).toEqual(first);
  });

  it('opens a new gate for the same wait once the last one was closed (a grant that did not lift the block)', () => {
    const dir = session();
    const first = openGate(dir, 'grant', 12, at);
    closeGate(dir, first.gateId, at);
    expect(openGate(dir, 'grant', 12, at).gateId).toBe('26-01-01-seq/g2-grant');
  });

  it('replaces an open gate of another kind or marker with the next number', () => {
    const dir = session();
    openGate(dir, 'answers', 3, at);
    expect(openGate(dir, 'answers', 4, at).gateId).toBe('26-01-01-seq/g2-answers');
    expect(openGate(dir, 'action', 4, at).gateId).toBe('26-01-01-seq/g3-action');
  });

  it('leaves a newer gate open when an older one is closed late, and reads a broken file as none', () => {
    const dir = session();
    openGate(dir, 'answers', 1, at);
    openGate(dir, 'approval', 2, at);
    closeGate(dir, '26-01-01-seq/g1-answers', at);
    expect(readOpenGateId(dir)).toBe('26-01-01-seq/g2-approval');
    writeFileSync(join(dir, '_gates', 'latest.json'), '{');
    expect(readLatestGate(dir)).toBeUndefined();
  });

  it('numbers past every recorded decision when latest.json was lost', () => {
    const dir = session();
    openGate(dir, 'answers', 1, at);
    writeFileSync(join(dir, '_gates', 'g5-approval.json'), '{}');
    writeFileSync(join(dir, '_gates', 'latest.json'), 'lost');
    expect(openGate(dir, 'answers', 9, at).gateId).toBe('26-01-01-seq/g6-answers');
  });
});
