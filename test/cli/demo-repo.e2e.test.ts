/** `samocode demo --repo` refuses what is not a git checkout with a commit, before it makes anything. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

async function demoOn(repo: string, tmp: string) {
  return execa(process.execPath, [SAMOCODE_BIN, 'demo', '--repo', repo], {
    cwd: tmp,
    env: { PATH: process.env.PATH ?? '', HOME: tmp, TMPDIR: tmp },
    extendEnv: false,
    reject: false,
  });
}

describe('samocode demo --repo with a path it cannot use', { timeout: 60_000 }, () => {
  it('refuses a folder that is not a git repository (exit 2), naming the path and what to do', async () => {
    const tmp = makeTempTree({ 'plain/file.txt': 'x' });
    const run = await demoOn(join(tmp, 'plain'), tmp);
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).toContain(
      `samocode demo --repo ${join(tmp, 'plain')}: not a git repository (`,
    );
    expect(String(run.stderr)).toContain('point --repo at a git checkout');
    expect(readdirSync(tmp).sort()).toEqual(['plain']);
  });

  it('refuses a repository without a commit, saying to commit first', async () => {
    const tmp = makeTempTree({ 'empty/': '' });
    await execa('git', ['init', '-q'], { cwd: join(tmp, 'empty') });
    const run = await demoOn(join(tmp, 'empty'), tmp);
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).toContain(
      'the repository has no commit yet; commit something first (the demo branches from it)',
    );
    expect(readdirSync(tmp).sort()).toEqual(['empty']);
  });
});
