/**
 * A run whose session also lives in a shared store: every transition is written to the session
 * folder first and then committed to the shared store, in order, with the overview and the agent's
 * files; the next attempt waits for those commits; a commit that fails stops the run. The shared
 * store here is a second folder store (a real one, in another folder), so the same behaviour holds
 * for PostgreSQL, which passes the same contract.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fromCallback } from 'xstate';
import type { WorkflowEvent } from '../../machines/events.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { defaultSettings, type ProviderInput, type WorkflowSettings } from '../../machines/workflow.js';
import type { SessionPlace } from '../../src/providers/types.js';
import { type RunSessionOptions, runSession } from '../../src/runner/run-session.js';
import { openSessionWriter, type RemoteSession } from '../../src/runner/session-writer.js';
import { readHistory } from '../../src/session/history.js';
import { readSessionState } from '../../src/session/snapshot-store.js';
import { createFolderStore } from '../../src/store/folder/folder-store.js';
import { openSessionFolder } from '../../src/store/folder/session-folder.js';
import type { SessionStore } from '../../src/store/session-store.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';
import { happyPath } from './scripted-provider.js';

afterEach(removeTempTrees);

const settings: WorkflowSettings = { ...defaultSettings(PHASE_REGISTRY), retryDelayMs: 0 };
const FOLDER = '26-12-07-shared';

function where() {
  const root = makeTempTree({ 'local/': '', 'shared/': '' });
  const sessionDir = join(root, 'local', FOLDER);
  const place: SessionPlace = {
    sessionName: FOLDER,
    sessionDir,
    workDir: root,
    mainRepo: root,
    worktreePath: root,
    branch: 'shared',
  };
  return { root, sessionDir, place, shared: createFolderStore(join(root, 'shared')) };
}

/** A provider like the real one: the attempt starts after `persisted`, then answers from the happy path. */
function awaitingProvider(log: string[], onStart: (input: ProviderInput) => void = () => undefined) {
  const create: RunSessionOptions['createProvider'] = (_observer, persisted) =>
    fromCallback<WorkflowEvent, ProviderInput>(({ input, sendBack }) => {
      let isActive = true;
      persisted().then(
        () => {
          if (!isActive) return;
          log.push(`attempt ${input.iteration}`);
          onStart(input);
          const answer = happyPath(input);
          if (answer !== 'hang') sendBack(answer);
        },
        () => log.push(`no attempt ${input.iteration}`),
      );
      return () => {
        isActive = false;
      };
    });
  return create;
}

function runWith(
  at: ReturnType<typeof where>,
  remote: RemoteSession,
  createProvider: RunSessionOptions['createProvider'],
  extra: Partial<RunSessionOptions> = {},
) {
  return runSession({
    sessionDir: at.sessionDir,
    place: at.place,
    createProvider,
    settings,
    provider: 'claude',
    model: 'opus',
    configPath: '/p/.samocode',
    autoApprove: true,
    warn: () => undefined,
    writer: openSessionWriter({ folder: openSessionFolder(at.sessionDir), remote }),
    ...extra,
  });
}

/** The shared store, each commit landing a little later (as over a network), logged when it lands. */
function slowStore(store: SessionStore, log: string[]): SessionStore {
  return {
    ...store,
    async commitTransition(session, transition) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await store.commitTransition(session, transition);
      log.push(transition.row ? `commit row ${transition.row.seq}` : 'commit');
    },
  };
}

describe('a run whose session lives in a shared store too', () => {
  it('commits every transition there as well: the same rows in order, the snapshot, the overview and the agent files', async () => {
    const at = where();
    const log: string[] = [];
    const provider = awaitingProvider(log, (input) => {
      if (input.iteration === 2) writeFileSync(join(at.sessionDir, 'notes.md'), 'what I found\n');
    });
    const result = await runWith(at, { store: at.shared, base: { files: {} } }, provider);
    expect(result.exitCode).toBe(0);

    const local = readHistory(join(at.sessionDir, '_signal_history.jsonl')).rows;
    const record = await at.shared.readSession(FOLDER, { rows: 100 });
    expect(local.map((row) => row.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(record?.rows.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(record?.rows.map((entry) => entry.row)).toEqual(JSON.parse(JSON.stringify(local)));
    expect(record?.snapshot?.value).toBe('completed');
    // The overview as the run left it, its ending (Last Action / Next) included.
    expect(record?.overview).toBe(readFileSync(join(at.sessionDir, '_overview.md'), 'utf8'));
    expect(record?.overview).toContain('Last Action: ');
    expect(record?.files).toEqual({ 'notes.md': 'what I found\n' });
  });

  it('starts each attempt only after the commits before it have landed', async () => {
    const at = where();
    const log: string[] = [];
    const result = await runWith(
      at,
      { store: slowStore(at.shared, log), base: { files: {} } },
      awaitingProvider(log),
    );
    expect(result.exitCode).toBe(0);
    // Attempt n runs after row n-1 is stored: the provider never runs ahead of the shared store.
    for (let iteration = 2; iteration <= 7; iteration += 1) {
      expect(log.indexOf(`attempt ${iteration}`)).toBeGreaterThan(log.indexOf(`commit row ${iteration - 1}`));
    }
  });

  it('stops the run with the error of a commit the shared store refused, and starts no attempt after it', async () => {
    const at = where();
    const log: string[] = [];
    // A lease this process never took: the store refuses the first commit (store.lease-lost).
    const lease = { session: FOLDER, worker: 'worker-a', token: 'not-held' };
    await expect(
      runWith(at, { store: at.shared, lease, base: { files: {} } }, awaitingProvider(log)),
    ).rejects.toMatchObject({
      code: 'store.lease-lost',
    });
    expect(log).toEqual(['no attempt 1']);
    expect(await at.shared.readSession(FOLDER)).toBeUndefined();
  });

  it('records a notification key at once in the folder and with its transition in the shared store', async () => {
    const at = where();
    let writer: ReturnType<typeof openSessionWriter> | undefined;
    const observers = [
      {
        onTransition: (info: { after: { context: { totalIterations: number } } }) => {
          if (info.after.context.totalIterations === 3) writer?.addNotified('waiting:3');
        },
      },
    ];
    writer = openSessionWriter({
      folder: openSessionFolder(at.sessionDir),
      remote: { store: at.shared, base: { files: {} } },
    });
    const result = await runWith(at, { store: at.shared, base: { files: {} } }, awaitingProvider([]), {
      writer,
      observers,
    });
    expect(result.exitCode).toBe(0);
    expect(readSessionState(join(at.sessionDir, '_state.json'))?.notified).toEqual(['waiting:3']);
    expect((await at.shared.readSession(FOLDER))?.notified).toEqual(['waiting:3']);
  });
});
