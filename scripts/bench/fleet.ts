/**
 * `npm run bench:fleet`: throughput of `samocode worker` with a PostgreSQL store, printed, never
 * asserted. For 1, 2 and 4 workers (each its own clone of one remote, `--concurrency 1`), the same
 * batch of sessions (`BENCH_FLEET_SESSIONS`, default 8; seven iterations each of the fake claude,
 * which answers at once) is submitted and run to the end with `--until-idle`; the figure is
 * sessions per minute of wall clock. The workers share this machine's cores, so past the core
 * count they compete for CPU (samocode, git and the fake's node start-ups) rather than add any.
 * Runs the test build (`node scripts/build.mjs dist-test` first).
 */
import { loadavg } from 'node:os';
import { HAPPY_CALLS } from '../../test/helpers/fleet-project.js';
import { startPostgres, stopPostgres } from '../../test/helpers/postgres.js';
import { removeTempTrees } from '../../test/helpers/temp-session.js';
import { makeWorkerFleet } from '../../test/helpers/worker-fleet.js';

const SESSIONS = Number(process.env.BENCH_FLEET_SESSIONS ?? 8);
const print = (text: string) => process.stdout.write(`${text}\n`);
const CALLS = HAPPY_CALLS;

const cluster = await startPostgres('the fleet bench');
if (cluster === undefined) process.exit(1);
print(
  `# fleet bench — ${new Date().toISOString()}, ${SESSIONS} sessions of ${CALLS.length} iterations, load ${loadavg()[0]?.toFixed(1)}`,
);
try {
  for (const count of [1, 2, 4]) {
    const url = await cluster.createDatabase();
    const fleet = await makeWorkerFleet(url, count, CALLS);
    const [office] = fleet.machines;
    if (!office) throw new Error('no machine');
    for (let index = 0; index < SESSIONS; index += 1) {
      const submitted = await office.samocode([
        'submit',
        '--session',
        `s${index}`,
        '--task',
        't',
        '--auto-approve',
      ]);
      if (submitted.exitCode !== 0) throw new Error(String(submitted.stderr));
    }
    const started = performance.now();
    const loadBefore = loadavg()[0] ?? 0;
    const ends = await Promise.all(
      fleet.machines.map((machine, index) =>
        machine.samocode(['worker', '--until-idle', '--concurrency', '1', '--name', `w${index}`]),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const failed = ends.filter((end) => end.exitCode !== 0);
    if (failed.length > 0) throw new Error(failed.map((end) => String(end.stderr)).join('\n'));
    const ran = ends.map((end) => (String(end.stderr).match(/: ended with exit 0/g) ?? []).length);
    print(
      `${count} worker(s): ${SESSIONS} sessions in ${seconds.toFixed(1)} s = ${((SESSIONS / seconds) * 60).toFixed(1)} sessions/min (per worker: ${ran.join(', ')}; load ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)})`,
    );
    await fleet.killAll();
  }
} finally {
  stopPostgres(cluster);
  removeTempTrees();
}
print('store overhead per transition against the folder store: npm run bench:store');
