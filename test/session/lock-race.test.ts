/**
 * The session lock is exclusive: 10 racers (threads of one child process, released together by a
 * barrier) call the lock code in 1,000 rounds with no lock file and 1,000 rounds over a stale lock
 * of a dead process; every round must end with exactly one holder.
 */
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { raceForLock } from '../helpers/lock-race.js';
import { isAlive } from '../helpers/processes.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const ROUNDS = Number(process.env.LOCK_RACE_ROUNDS ?? 1000);

describe('session lock under a race', () => {
  it(`one holder in each of ${ROUNDS} free and ${ROUNDS} stale-lock rounds of 10 racers`, async () => {
    const dead = Number((await execa('node', ['-e', 'process.stdout.write(String(process.pid))'])).stdout);
    expect(isAlive(dead)).toBe(false);
    const result = await raceForLock({ dir: makeTempTree(), racers: 10, rounds: ROUNDS, stalePid: dead });
    const stale = result.bad.filter((round) => round.stale).length;
    process.stdout.write(
      `lock race: ${result.bad.length - stale} bad free rounds, ${stale} bad stale rounds, of ${ROUNDS} each\n`,
    );
    expect({ bad: result.bad.slice(0, 5), count: result.bad.length, failures: result.failures }).toEqual({
      bad: [],
      count: 0,
      failures: 0,
    });
  }, 600_000);
});
