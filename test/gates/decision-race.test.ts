import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const RACER = join(import.meta.dirname, '..', 'helpers', 'decision-racer.ts');
const RACERS = 4;
const ROUNDS = 50;
const LineSchema = z.object({ kind: z.string(), winner: z.string().optional(), who: z.string() });

afterEach(removeTempTrees);

interface Racer {
  readonly child: ResultPromise<{ stdin: 'pipe'; stdout: 'pipe'; buffer: false }>;
  next(): Promise<string>;
}

function startRacer(): Racer {
  const child = execa(process.execPath, ['--import', 'tsx', RACER], {
    stdin: 'pipe',
    stdout: 'pipe',
    buffer: false,
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    next: async () => {
      const line = await lines.next();
      if (line.done) throw new Error('a racer exited early');
      return line.value;
    },
  };
}

describe('decisions: first writer wins', () => {
  it(`of ${RACERS} processes racing for one gate, exactly one records it in each of ${ROUNDS} rounds; the others read the winner`, async () => {
    const root = makeTempTree();
    const racers = Array.from({ length: RACERS }, startRacer);
    try {
      for (const racer of racers) expect(await racer.next()).toBe('ready');
      const bad: string[] = [];
      for (let round = 1; round <= ROUNDS; round += 1) {
        const dir = join(root, String(round), '26-01-01-race');
        mkdirSync(dir, { recursive: true });
        // Every racer gets its line before any answer is read, so the writes overlap.
        racers.forEach((racer, index) => {
          racer.child.stdin.write(`${dir}\tracer-${index}\n`);
        });
        const results = await Promise.all(
          racers.map(async (racer) => LineSchema.parse(JSON.parse(await racer.next()))),
        );
        const winners = results.filter((result) => result.kind === 'recorded');
        const stored = JSON.parse(readFileSync(join(dir, '_gates', 'g1-approval.json'), 'utf8')).who;
        const others = results.filter((result) => result.kind !== 'recorded');
        if (
          winners.length !== 1 ||
          winners[0]?.who !== stored ||
          others.some((result) => result.kind !== 'already-decided' || result.winner !== stored)
        )
          bad.push(`round ${round}: ${JSON.stringify(results)} stored ${stored}`);
      }
      expect(bad).toEqual([]);
    } finally {
      for (const racer of racers) racer.child.stdin.end();
      await Promise.all(racers.map((racer) => racer.child));
    }
  });
});
