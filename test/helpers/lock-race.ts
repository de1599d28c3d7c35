/** Runs the lock racer pool (`lock-race-pool.ts`) in one child process and parses its verdict. */
import { join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';

const POOL = join(import.meta.dirname, 'lock-race-pool.ts');
const ResultSchema = z.object({
  /** Rounds per scenario (free lock, stale lock). */
  rounds: z.number(),
  /** Rounds that did not end with exactly one holder. */
  bad: z.array(z.object({ round: z.number(), holders: z.number(), stale: z.boolean() })),
  /** Racers that failed with an error other than `session.locked`. */
  failures: z.number(),
});
export type RaceResult = z.infer<typeof ResultSchema>;

export interface RaceOptions {
  readonly dir: string;
  readonly racers: number;
  readonly rounds: number;
  /** A pid that is not running: the stale rounds start with a lock file naming it. */
  readonly stalePid: number;
}

export async function raceForLock(options: RaceOptions): Promise<RaceResult> {
  const args = [options.dir, options.racers, options.rounds, options.stalePid].map(String);
  const run = await execa(process.execPath, ['--import', 'tsx', POOL, ...args], { stdin: 'ignore' });
  return ResultSchema.parse(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? ''));
}
