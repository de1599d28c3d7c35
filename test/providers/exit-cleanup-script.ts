/** Run by exit-cleanup.test.ts in its own process: start a hanging provider, then exit abruptly. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildClaudeArgs } from '../../src/providers/claude/argv.js';
import { spawnProvider } from '../../src/providers/spawn.js';

const [dir, pidFile] = process.argv.slice(2);
if (dir === undefined || pidFile === undefined) throw new Error('usage: exit-cleanup-script <dir> <pidFile>');
const env: Record<string, string> = {};
for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
void spawnProvider({
  cliPath: join(import.meta.dirname, '..', 'fixtures', 'bin', 'claude'),
  args: buildClaudeArgs({ model: 'm', maxTurns: 1 }),
  cwd: dir,
  env,
  input: 'hang\n',
  logFile: join(dir, 'out.jsonl'),
  stderrFile: join(dir, 'err.log'),
  timeoutMs: 600_000,
  killGraceMs: 1000,
});
const timer = setInterval(() => {
  if (!existsSync(pidFile)) return;
  clearInterval(timer);
  process.exit(0);
}, 20);
