/** `_state.json` read without trust: what the error says about a file that is not samocode's. */
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSessionState } from '../../src/session/snapshot-store.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const refusal = (path: string): string => {
  try {
    readSessionState(path);
  } catch (error) {
    expect(error).toMatchObject({ code: 'session.state', exitCode: 2 });
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${path} was read as a state`);
};

describe('readSessionState', () => {
  it('says where a file stops parsing without quoting its first bytes', () => {
    const path = join(makeTempTree(), '_state.json');
    writeFileSync(path, 'root:x:0:0:root:/root:/bin/bash\n');
    const message = refusal(path);
    expect(message).toMatch(
      /_state\.json is not valid JSON \(it (does not parse|stops parsing at byte \d+)\)/,
    );
    expect(message).not.toContain('root:x');
    expect(message).toContain(`mv ${path} ${path}.bad`);
  });

  it('does not follow a symlink to a file that is not ours', () => {
    const path = join(makeTempTree(), '_state.json');
    symlinkSync('/etc/passwd', path);
    const message = refusal(path);
    expect(message).toContain(`${path} is a symbolic link`);
    expect(message).not.toContain('root:');
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const path = join(makeTempTree(), '_state.json');
    execFileSync('mkfifo', [path]);
    expect(refusal(path)).toContain(`${path} is a FIFO (named pipe), not a regular file`);
  });
});
