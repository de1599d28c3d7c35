/**
 * The open gate read from a saved snapshot, and its decision as the holder reads it: a record
 * older than the gate is stale (gate numbers started over) and is set aside, so the gate can be
 * decided again.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDecision, type Decision } from '../../src/gates/decision.js';
import { recordDecision } from '../../src/gates/decision-record.js';
import { readGateDecision, setDecisionAside } from '../../src/gates/gate-decision.js';
import { buildOpenGate, type OpenGate } from '../../src/gates/open-gate.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const at = (iso: string) => Date.parse(iso);

describe('buildOpenGate', () => {
  it('is the machine’s gate number and time, and the kind the state means', () => {
    const snapshot = {
      value: { planning: 'awaitingApproval' },
      context: { gate: { seq: 3, openedAt: at('2026-12-07T12:00:00.000Z') } },
    };
    expect(buildOpenGate('/s/26-12-07-login', snapshot)).toEqual({
      id: '26-12-07-login/g3-approval',
      kind: 'approval',
      seq: 3,
      openedAt: '2026-12-07T12:00:00.000Z',
    });
  });

  it('a budget or spend block is a grant gate; another block, a running session or none is no gate', () => {
    const blocked = (rule: string) => ({
      value: { implementation: 'blocked' },
      context: { blocked: { rule, reason: 'r', needs: 'human_decision' }, gate: { seq: 5 } },
    });
    expect(buildOpenGate('/s/x', blocked('spend-exhausted'))?.id).toBe('x/g5-grant');
    expect(buildOpenGate('/s/x', blocked('budget-exhausted'))?.id).toBe('x/g5-grant');
    expect(buildOpenGate('/s/x', blocked('agent'))).toBeUndefined();
    expect(buildOpenGate('/s/x', { value: { init: 'running' }, context: {} })).toBeUndefined();
    expect(buildOpenGate('/s/x', undefined)).toBeUndefined();
    expect(buildOpenGate('/s/x', { value: 'nonsense', context: {} })).toBeUndefined();
  });

  it('a session parked before gates were counted is at gate 1, with no opening time', () => {
    expect(buildOpenGate('/s/x', { value: { requirements: 'awaitingAnswers' }, context: {} })).toEqual({
      id: 'x/g1-answers',
      kind: 'answers',
      seq: 1,
    });
  });
});

describe('readGateDecision', () => {
  function decided(dir: string, when: string): Decision {
    const built = buildDecision({
      gateId: '26-12-07-s/g1-answers',
      action: 'answer',
      channel: 'cli',
      who: 'root',
      at: new Date(when),
    });
    if (!built.ok) throw new Error(built.problems.join('; '));
    expect(recordDecision(dir, built.decision, built.decision.gateId).kind).toBe('recorded');
    return built.decision;
  }
  const gate: OpenGate = {
    id: '26-12-07-s/g1-answers',
    kind: 'answers',
    seq: 1,
    openedAt: '2026-12-07T12:00:00.000Z',
  };

  it('a decision from after the gate opened is the gate’s; one from before is stale and can be set aside', () => {
    const dir = join(makeTempTree({ '26-12-07-s/': '' }), '26-12-07-s');
    expect(readGateDecision(dir, gate)).toEqual({ kind: 'none' });
    const old = decided(dir, '2026-12-07T11:00:00.000Z');
    expect(readGateDecision(dir, gate)).toEqual({ kind: 'stale', decision: old });
    const { openedAt: _openedAt, ...untimed } = gate;
    expect(readGateDecision(dir, untimed)).toEqual({
      kind: 'decided',
      decision: old,
    });
    const aside = setDecisionAside(dir, gate.id, new Date(5));
    expect(aside).toBe(join(dir, '_gates', '.g1-answers.json.5.aside'));
    expect(existsSync(aside)).toBe(true);
    expect(readGateDecision(dir, gate)).toEqual({ kind: 'none' });
    const fresh = decided(dir, '2026-12-07T12:00:01.000Z');
    expect(readGateDecision(dir, gate)).toEqual({ kind: 'decided', decision: fresh });
    expect(readdirSync(join(dir, '_gates')).sort()).toEqual(['.g1-answers.json.5.aside', 'g1-answers.json']);
  });
});
