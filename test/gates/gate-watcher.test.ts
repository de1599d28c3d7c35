import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDecision, buildStopRequest, type Decision } from '../../src/gates/decision.js';
import { recordDecision } from '../../src/gates/decision-record.js';
import { waitForGate, waitForStop } from '../../src/gates/gate-watcher.js';
import { writeStopRequest } from '../../src/gates/stop-request.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const WAITER = join(import.meta.dirname, '..', 'helpers', 'gate-waiter.ts');
const GATE = '26-01-01-wait/g1-answers';

afterEach(removeTempTrees);

function session(): string {
  return join(makeTempTree({ '26-01-01-wait/': '' }), '26-01-01-wait');
}

function answer(who = '@alice'): Decision {
  const built = buildDecision({
    gateId: GATE,
    action: 'answer',
    channel: 'telegram',
    who,
    payload: { answers: '42' },
  });
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.decision;
}

/** Starts a waiter process and resolves once it is watching. */
async function startWaiter(args: readonly string[]) {
  const child = execa(process.execPath, ['--import', 'tsx', WAITER, ...args], {
    stdin: 'ignore',
    buffer: false,
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error('the waiter ended early');
    return line.value;
  };
  expect(await next()).toBe('waiting');
  return { child, next };
}

describe('waiting for a gate in another process', () => {
  it('wakes on the decision through fs.watch alone (the poll set to ten minutes) and then exits by itself', async () => {
    const dir = session();
    const waiter = await startWaiter([dir, GATE, '', '600000']);
    const started = performance.now();
    const decision = answer();
    expect(recordDecision(dir, decision, GATE).kind).toBe('recorded');
    expect(JSON.parse(await waiter.next())).toEqual({ kind: 'decided', decision });
    process.stdout.write(
      `gate watcher: decision seen ${(performance.now() - started).toFixed(0)} ms after it was written\n`,
    );
    const ended = await waiter.child;
    expect(ended.exitCode).toBe(0);
  });

  it('falls back to the poll when the watched folder is replaced under it', async () => {
    const dir = session();
    mkdirSync(join(dir, '_gates'));
    const waiter = await startWaiter([dir, GATE, '', '500']);
    rmSync(join(dir, '_gates'), { recursive: true });
    mkdirSync(join(dir, '_gates'));
    const decision = answer('bob');
    recordDecision(dir, decision, GATE);
    const lines: string[] = [];
    for (;;) {
      const line = await waiter.next();
      lines.push(line);
      if (line.includes('"kind"')) break;
    }
    expect(JSON.parse(lines.at(-1) ?? '')).toEqual({ kind: 'decided', decision });
    expect((await waiter.child).exitCode).toBe(0);
  });

  it('ends on a stop request, and a stop wins over a decision already there', async () => {
    const dir = session();
    const waiter = await startWaiter([dir, GATE]);
    const stop = buildStopRequest({ channel: 'cli', who: 'ops' });
    writeStopRequest(dir, stop);
    expect(JSON.parse(await waiter.next())).toEqual({ kind: 'stop', request: stop });
    expect((await waiter.child).exitCode).toBe(0);
    recordDecision(dir, answer(), GATE);
    expect(await waitForGate({ sessionDir: dir, gateId: GATE })).toEqual({ kind: 'stop', request: stop });
  });

  it('ends when aborted, leaving no handle that keeps the process alive', async () => {
    const waiter = await startWaiter([session(), GATE, '3000']);
    const stderr: string[] = [];
    waiter.child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    expect(JSON.parse(await waiter.next())).toEqual({ kind: 'aborted' });
    expect((await waiter.child).exitCode).toBe(0);
    const cpuMs = Number(JSON.parse(stderr.join('')).cpuMs);
    process.stdout.write(
      `gate watcher: ${cpuMs.toFixed(1)} ms of CPU over a 3 s idle wait (poll every 500 ms)\n`,
    );
  });

  it('reports an unreadable record once and keeps waiting until a valid decision replaces it', async () => {
    const dir = session();
    mkdirSync(join(dir, '_gates'));
    const path = join(dir, '_gates', 'g1-answers.json');
    const waiter = await startWaiter([dir, GATE]);
    writeFileSync(path, 'not json');
    expect(JSON.parse(await waiter.next())).toEqual({
      problem: `${path} is not JSON; remove it and decide again`,
    });
    rmSync(path);
    const decision = answer('carol');
    recordDecision(dir, decision, GATE);
    expect(JSON.parse(await waiter.next())).toEqual({ kind: 'decided', decision });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(decision);
    expect((await waiter.child).exitCode).toBe(0);
  });

  it('resolves at once when the signal is already aborted or the gate is already decided', async () => {
    const dir = session();
    expect(await waitForGate({ sessionDir: dir, gateId: GATE, signal: AbortSignal.abort() })).toEqual({
      kind: 'aborted',
    });
    const decision = answer();
    recordDecision(dir, decision, GATE);
    expect(await waitForGate({ sessionDir: dir, gateId: GATE })).toEqual({ kind: 'decided', decision });
  });
});

describe('waiting for a stop alone (a run at work)', () => {
  it('ignores decisions and resolves with the stop request; an abort ends it too', async () => {
    const dir = session();
    const controller = new AbortController();
    const stopped = waitForStop({ sessionDir: dir, signal: controller.signal, pollMs: 50 });
    expect(recordDecision(dir, answer(), GATE).kind).toBe('recorded');
    const request = buildStopRequest({ channel: 'cli', who: 'root' });
    expect(writeStopRequest(dir, request).kind).toBe('requested');
    expect(await stopped).toEqual({ kind: 'stop', request });
    const aborted = waitForStop({ sessionDir: session(), signal: controller.signal });
    controller.abort();
    expect(await aborted).toEqual({ kind: 'aborted' });
  });
});
