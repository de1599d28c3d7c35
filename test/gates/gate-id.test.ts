import { describe, expect, it } from 'vitest';
import { buildGateId, buildGatePaths, isGateOfSession, parseGateId } from '../../src/gates/gate-id.js';

describe('gate ids', () => {
  it('ties a gate to the session folder, a sequence number and a kind', () => {
    expect(buildGateId('/work/sessions/26-12-07-add-login', 3, 'approval')).toBe(
      '26-12-07-add-login/g3-approval',
    );
    expect(parseGateId('26-12-07-add-login/g3-approval')).toEqual({
      session: '26-12-07-add-login',
      seq: 3,
      kind: 'approval',
    });
  });

  it.each([
    ['no session', 'g3-approval'],
    ['an unknown kind', 's/g3-plan'],
    ['a zero sequence', 's/g0-answers'],
    ['a path as the session', 'a/b/g1-action'],
    ['a parent folder as the session', '../g1-action'],
    ['a space in the session', 'my session/g1-grant'],
    ['a trailing part', 's/g1-grant.json'],
  ])('refuses %s', (_, id) => {
    expect(parseGateId(id)).toBeUndefined();
  });

  it('says whether a gate belongs to a session folder', () => {
    expect(isGateOfSession('26-01-01-a/g1-answers', '/x/26-01-01-a')).toBe(true);
    expect(isGateOfSession('26-01-01-b/g1-answers', '/x/26-01-01-a')).toBe(false);
  });

  it('keeps the decision of a gate in _gates/ under the gate part of the id', () => {
    const paths = buildGatePaths('/x/26-01-01-a');
    expect(paths.dir).toBe('/x/26-01-01-a/_gates');
    expect(paths.stop).toBe('/x/26-01-01-a/_gates/stop.json');
    expect(paths.decision('26-01-01-a/g12-grant')).toBe('/x/26-01-01-a/_gates/g12-grant.json');
  });
});
