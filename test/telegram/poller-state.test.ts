import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_KNOWN_GATES,
  readPollerState,
  rememberGates,
  writePollerState,
} from '../../src/telegram/poller-state.js';
import type { Registration } from '../../src/telegram/waiting-registry.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const registration = (n: number, messageId?: number): Registration => ({
  sessionDir: `/s/26-01-01-s${n}`,
  gateId: `26-01-01-s${n}/g1-answers`,
  gateKind: 'answers',
  gateKey: n.toString(16).padStart(16, '0'),
  html: '',
  ...(messageId === undefined ? {} : { messageId }),
  pid: 1,
  host: 'h',
  registeredAt: '',
});

describe('the poller state', () => {
  it('survives a restart: offset and gates are read back as written', () => {
    const path = join(makeTempTree(), 'telegram', 'x', 'poller-state.json');
    expect(readPollerState(path)).toEqual({ state: { gates: [] } });
    const state = rememberGates({ offset: 17, gates: [] }, [registration(1, 100)]);
    writePollerState(path, state);
    expect(readPollerState(path)).toEqual({ state });
  });

  it('starts empty from an unreadable file and says why', () => {
    const path = join(makeTempTree(), 'poller-state.json');
    writeFileSync(path, '{"offset": "x"}');
    expect(readPollerState(path)).toEqual({
      state: { gates: [] },
      problem: `${path} is not a poller state; starting from the Bot API's queue`,
    });
  });

  it('remembers each gate once, with its newest message id, and forgets the oldest past the cap', () => {
    let state = rememberGates({ gates: [] }, [registration(1)]);
    state = rememberGates(state, [registration(1, 100), registration(2)]);
    expect(state.gates.map((gate) => [gate.gateKey.slice(-1), gate.messageId])).toEqual([
      ['1', 100],
      ['2', undefined],
    ]);
    const many = Array.from({ length: MAX_KNOWN_GATES + 5 }, (_, index) => registration(index + 10));
    const capped = rememberGates(state, many);
    expect(capped.gates).toHaveLength(MAX_KNOWN_GATES);
    expect(capped.gates[0]?.gateId).toBe('26-01-01-s15/g1-answers');
  });
});
