/**
 * Signals the Python original accepts, through the built bin and the fake claude: a phase written
 * with capitals, a UTF-8 byte order mark, a summary and a reason far over 4,000 characters (kept
 * whole in the session files, shortened where shown), and `for: file_update` (read as a human
 * action). Integration tier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { readSessionState } from '../../src/session/snapshot-store.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(async () => {
  await stopSessionRuns();
  removeTempTrees();
});

const signal = (content: unknown) => ({ do: 'signal', content });
const LONG_SUMMARY = `${'found the cause and wrote it down; '.repeat(150)}end of summary`;
const LONG_REASON = `${'the staging database refuses our key; '.repeat(150)}end of reason`;

describe('signals the Python original accepts [slow]', { timeout: 180_000 }, () => {
  it('a capitalised phase, a byte order mark, and a long summary and reason kept whole', async () => {
    expect(LONG_SUMMARY.length).toBeGreaterThan(4_000);
    const h = await makeSessionCli('differential', [
      [signal('\uFEFF{"status":"continue","phase":"Investigation"}')],
      [signal({ status: 'continue', phase: 'requirements', summary: LONG_SUMMARY })],
      [signal({ status: 'blocked', reason: LONG_REASON, needs: 'environment' })],
    ]);
    const run = await h.samocode('run');
    expect(run.exitCode).toBe(11);
    const rows = readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows;
    expect(rows.map((row) => `${row.sourcePhase}->${row.state}:${row.rejection?.rule ?? 'ok'}`)).toEqual([
      'init->investigation.running:ok',
      'investigation->requirements.running:ok',
      'requirements->requirements.blocked:ok',
    ]);
    expect(JSON.parse(rows[1]?.rawSignal ?? '{}').summary).toBe(LONG_SUMMARY);
    const state = readSessionState(join(h.sessionDir(), '_state.json'));
    expect(state?.snapshot.context).toMatchObject({ blocked: { rule: 'agent', reason: LONG_REASON } });
    // Shown shortened: the overview's Blocked line and the console's end message.
    const blockedLine = readFileSync(join(h.sessionDir(), '_overview.md'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('Blocked:'));
    expect(blockedLine?.length).toBeLessThan(400);
    expect(String(run.stderr)).toContain('the staging database refuses our key');
    expect(String(run.stderr)).not.toContain('end of reason');
  });

  it('`for: file_update` parks the session for a human action where one is allowed', async () => {
    const h = await makeSessionCli(
      'file-update',
      [
        [signal({ status: 'continue', phase: 'investigation' })],
        [signal({ status: 'continue', phase: 'requirements' })],
        [signal({ status: 'continue', phase: 'planning' })],
        [signal({ status: 'continue', phase: 'implementation' })],
        [signal({ status: 'waiting', for: 'file_update', summary: 'put the API key in .env' })],
      ],
      { env: {} },
    );
    const run = await h.samocode('run', '--auto-approve');
    expect(run.exitCode).toBe(10);
    const state = readSessionState(join(h.sessionDir(), '_state.json'));
    expect(state?.snapshot.value).toEqual({ implementation: 'awaitingAction' });
    expect(state?.snapshot.context).toMatchObject({
      waiting: { for: 'human_action', summary: 'put the API key in .env' },
    });
  });
});
