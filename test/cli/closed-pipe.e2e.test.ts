/** `samocode run … 2>&1 | head -1`: a reader that goes away must not lose the iteration. Integration tier. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { BIN, makeCliProject, ROOT } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const ITERATION = [
  [
    { do: 'say', text: 'working' },
    { do: 'signal', content: { status: 'continue', phase: 'investigation' } },
  ],
];

describe('output pipe closed early [slow: ~10 s per test]', { timeout: 120_000 }, () => {
  it.each([[[]], [['--inspect']]])(
    'run %j piped into head -1 still records the iteration, releases the lock and the pid record, and exits quietly',
    async (extra) => {
      const h = await makeCliProject(ITERATION);
      const command = [
        'node',
        BIN,
        'run',
        '--config',
        h.project.configPath,
        '--session',
        'ng',
        '--once',
        ...extra,
      ]
        .map((word) => `'${word}'`)
        .join(' ');
      // The shell's own pipe, as a user types it; PIPESTATUS[0] is samocode's exit code.
      const piped = await execa('bash', ['-c', `${command} 2>&1 | head -1; exit "\${PIPESTATUS[0]}"`], {
        cwd: ROOT,
        env: h.env,
        extendEnv: false,
        reject: false,
      });
      expect(String(piped.stdout).split('\n')).toHaveLength(1);
      expect(piped.stderr).toBe('');
      expect(piped.exitCode).toBe(0);
      const [dir] = h.sessionDirs();
      const history = readHistory(join(dir ?? '', '_signal_history.jsonl'));
      expect(history.rows.map((row) => [row.iteration, row.target, row.accepted])).toEqual([
        [1, 'investigation', true],
      ]);
      expect(existsSync(join(dir ?? '', '_run.lock'))).toBe(false);
      expect(existsSync(join(dir ?? '', '_provider.pid'))).toBe(false);
    },
  );
});
