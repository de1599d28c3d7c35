/**
 * What reaping a child costs (every child since issue 24), before and after the group probe: prints figures,
 * asserts nothing. `npx tsx scripts/measure-proc-scan.ts [extra-processes]` (default 0; e.g. 500
 * sleeping processes to look like a busy laptop).
 *
 * - before: the old check, one async readdir of /proc plus an async read of every process's stat
 *   (run once after every exit, and every 25 ms while a kill waits);
 * - after, clean exit: one `kill(-pgid, 0)` plus a look for the child's marker in the environ of
 *   the processes born since the leader (a full environ scan only when reaping a recorded group);
 * - after, one poll while a kill waits: `kill(-pgid, 0)` plus a stat read per known member.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { findMarkedProcesses, groupExists, isLive, readProcess } from '../src/process/process-table.js';

async function oldHasLiveMembers(pgid: number): Promise<boolean> {
  const entries = await readdir('/proc');
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[2] === String(pgid) && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

async function measure(name: string, rounds: number, run: () => Promise<unknown> | unknown): Promise<void> {
  for (let i = 0; i < 5; i += 1) await run();
  const wall: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < rounds; i += 1) {
    const started = performance.now();
    await run();
    wall.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuStart);
  wall.sort((a, b) => a - b);
  const median = wall[Math.floor(wall.length / 2)] ?? 0;
  const cpuMs = (cpu.user + cpu.system) / 1000 / rounds;
  process.stdout.write(
    `${name.padEnd(58)} median ${median.toFixed(3)} ms wall, ${cpuMs.toFixed(3)} ms CPU per call\n`,
  );
}

const extra = Number(process.argv[2] ?? 0);
const sleepers: ChildProcess[] = [];
for (let i = 0; i < extra; i += 1) sleepers.push(spawn('sleep', ['600'], { stdio: 'ignore' }));
const group = spawn('sh', ['-c', 'sleep 600 & wait'], { detached: true, stdio: 'ignore' });
const pgid = group.pid ?? 0;
try {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const count = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).length;
  process.stdout.write(`${count} processes on the host\n`);
  const gone = 2 ** 22 - 7;
  await measure('before: async stat scan, group gone (after every exit)', 200, () => oldHasLiveMembers(gone));
  await measure('before: async stat scan, group alive (every 25 ms poll)', 200, () =>
    oldHasLiveMembers(pgid),
  );
  await measure('after: kill(-pgid, 0), group gone', 2000, () => groupExists(gone));
  await measure('after: marker look, born since the leader (once per attempt)', 200, () =>
    findMarkedProcesses('0-0000000000000000', pgid),
  );
  await measure('after: full environ scan for the marker (once per run)', 200, () =>
    findMarkedProcesses('0-0000000000000000'),
  );
  await measure('after: one poll of a live group (probe + known members)', 2000, () => {
    if (!groupExists(pgid)) return false;
    return [pgid].some((pid) => isLive(readProcess(pid)));
  });
} finally {
  process.kill(-pgid, 'SIGKILL');
  for (const sleeper of sleepers) sleeper.kill('SIGKILL');
}
