/** The decision records a session folder holds, as gate ids. */
import { afterEach, describe, expect, it } from 'vitest';
import { readFolderGateIds } from '../../../src/store/transfer/folder-gate-ids.js';
import { makeTempTree, removeTempTrees } from '../../helpers/temp-session.js';

const SESSION = '26-12-07-moving';
const GATE = `${SESSION}/g2-approval`;

afterEach(() => removeTempTrees());

describe('readFolderGateIds', () => {
  it('names the decision records of _gates/ as gate ids, nothing else', () => {
    const dir = makeTempTree({
      [`${SESSION}/_gates/g2-approval.json`]: '{}',
      [`${SESSION}/_gates/g5-answers.json`]: '{}',
      [`${SESSION}/_gates/stop.json`]: '{}',
      [`${SESSION}/_gates/g2-approval.json.tmp`]: '{}',
    });
    expect(readFolderGateIds(dir, SESSION).sort()).toEqual([GATE, `${SESSION}/g5-answers`]);
    expect(readFolderGateIds(dir, '26-12-07-none')).toEqual([]);
  });
});
