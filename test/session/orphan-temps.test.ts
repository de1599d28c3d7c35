import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeOrphanTemps } from '../../src/session/orphan-temps.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('orphaned temp files', () => {
  it('removes temp files of dead writers and keeps live ones and everything else', () => {
    const dir = makeTempTree({ '_state.json': '{}', 'notes.tmp': 'agent file' });
    writeFileSync(join(dir, '._state.json.999999.3.tmp'), 'half');
    writeFileSync(join(dir, '._run.lock.999999.ab12cd34.tmp'), 'half');
    writeFileSync(join(dir, `._overview.md.${process.pid}.1.tmp`), 'being written');
    expect(removeOrphanTemps(dir).sort()).toEqual([
      '._run.lock.999999.ab12cd34.tmp',
      '._state.json.999999.3.tmp',
    ]);
    expect(readdirSync(dir).sort()).toEqual([
      `._overview.md.${process.pid}.1.tmp`,
      '_state.json',
      'notes.tmp',
    ]);
  });
});
