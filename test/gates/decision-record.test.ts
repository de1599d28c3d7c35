import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDecision, type Decision, type DecisionInput } from '../../src/gates/decision.js';
import { readDecision, recordDecision } from '../../src/gates/decision-record.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const GATE = '26-01-01-login/g2-approval';

function session(): string {
  const root = makeTempTree({ '26-01-01-login/': '' });
  return join(root, '26-01-01-login');
}

function decision(input: Partial<DecisionInput> = {}): Decision {
  const built = buildDecision({
    gateId: GATE,
    action: 'approve',
    channel: 'telegram',
    who: '@alice',
    ...input,
  });
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.decision;
}

describe('recording a decision', () => {
  it('creates the record once, whole, and leaves no temp file behind', () => {
    const dir = session();
    const first = decision();
    expect(recordDecision(dir, first, GATE)).toEqual({ kind: 'recorded', decision: first });
    expect(JSON.parse(readFileSync(join(dir, '_gates', 'g2-approval.json'), 'utf8'))).toEqual(first);
    expect(readdirSync(join(dir, '_gates'))).toEqual(['g2-approval.json']);
    expect(readDecision(dir, GATE)).toEqual({ kind: 'decided', decision: first });
  });

  it('refuses a duplicate and hands back the first decision unchanged', () => {
    const dir = session();
    const first = decision();
    recordDecision(dir, first, GATE);
    const late = decision({ channel: 'cli', who: 'bob', action: 'reject', payload: { reason: 'no' } });
    expect(recordDecision(dir, late, GATE)).toEqual({ kind: 'already-decided', decision: first });
    expect(readDecision(dir, GATE)).toEqual({ kind: 'decided', decision: first });
  });

  it('refuses a decision for a gate that is not open, saying who closed it', () => {
    const dir = session();
    const first = decision();
    recordDecision(dir, first, GATE);
    const old = decision({ who: 'carol' });
    expect(recordDecision(dir, old, '26-01-01-login/g3-answers')).toEqual({
      kind: 'closed',
      gateId: GATE,
      decision: first,
    });
    const never = decision({ gateId: '26-01-01-login/g1-answers' });
    expect(recordDecision(dir, never, undefined)).toEqual({
      kind: 'closed',
      gateId: '26-01-01-login/g1-answers',
    });
    expect(readdirSync(join(dir, '_gates'))).toEqual(['g2-approval.json']);
  });

  it('refuses a gate of another session and a stop as a decision', () => {
    const dir = session();
    const foreign = decision({ gateId: '26-01-01-other/g2-approval' });
    expect(recordDecision(dir, foreign, '26-01-01-other/g2-approval')).toMatchObject({ kind: 'refused' });
    expect(recordDecision(dir, decision({ action: 'stop' }), GATE)).toEqual({
      kind: 'refused',
      reason: 'stop is a request, not a gate decision',
    });
  });
});

describe('reading a decision record someone else put there', () => {
  it('refuses a FIFO without blocking, and writers are refused rather than overwrite it', async () => {
    const dir = session();
    mkdirSync(join(dir, '_gates'));
    await execa('mkfifo', [join(dir, '_gates', 'g2-approval.json')]);
    expect(readDecision(dir, GATE)).toEqual({
      kind: 'invalid',
      reason: `${join(dir, '_gates', 'g2-approval.json')} is a FIFO (named pipe), not a regular file; samocode reads and writes only regular files there`,
    });
    expect(recordDecision(dir, decision(), GATE)).toMatchObject({ kind: 'refused' });
  });

  it('refuses an oversized record unread, a symlink, JSON of the wrong shape and a record of another gate', () => {
    const dir = session();
    const gates = join(dir, '_gates');
    mkdirSync(gates);
    const path = join(gates, 'g2-approval.json');
    writeFileSync(path, ' '.repeat(70 * 1024));
    expect(readDecision(dir, GATE)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('more than'),
    });
    writeFileSync(join(dir, 'elsewhere.json'), JSON.stringify(decision()));
    symlinkSync(join(dir, 'elsewhere.json'), join(gates, 'g3-approval.json'));
    expect(readDecision(dir, '26-01-01-login/g3-approval')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('symbolic link'),
    });
    writeFileSync(path, '{"gateId": 1}');
    expect(readDecision(dir, GATE)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('gateId'),
    });
    writeFileSync(path, JSON.stringify(decision({ gateId: '26-01-01-login/g9-approval' })));
    expect(readDecision(dir, GATE)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('records gate 26-01-01-login/g9-approval'),
    });
  });

  it('reads nothing when no decision was made', () => {
    expect(readDecision(session(), GATE)).toEqual({ kind: 'none' });
  });
});
