import { describe, expect, it } from 'vitest';
import { buildWorkerStatus, renderWorkerLine } from '../../src/cli/commands/status-worker.js';

const HOLDER = {
  worker: 'worker-b',
  since: '2026-12-07T11:00:00.000Z',
  expiresAt: '2026-12-07T11:01:00.000Z',
};

describe('the worker of a stored session', () => {
  it('names the lease holder, since when and until when, while the lease is live', () => {
    const worker = buildWorkerStatus({ isLive: true }, { holder: HOLDER });
    expect(worker).toEqual({
      isRunning: true,
      name: 'worker-b',
      since: HOLDER.since,
      leaseUntil: HOLDER.expiresAt,
    });
    expect(renderWorkerLine(worker, true)).toBe(
      'worker: running on worker-b since 2026-12-07T11:00:00.000Z, lease until 2026-12-07T11:01:00.000Z',
    );
  });

  it('says the lease ran out when its holder stopped renewing it', () => {
    const worker = buildWorkerStatus({ isLive: false }, { holder: HOLDER });
    expect(renderWorkerLine(worker, true)).toBe(
      'worker: none (the lease of worker-b ran out at 2026-12-07T11:01:00.000Z)',
    );
  });

  it('says no worker holds it when the store has no holder', () => {
    const worker = buildWorkerStatus({ isLive: false }, {});
    expect(worker).toEqual({ isRunning: false });
    expect(renderWorkerLine(worker, true)).toBe('worker: none holds its lease');
  });
});

describe('the worker of a folder session', () => {
  const lock = { pid: 42, host: 'here', startedAt: '2026-12-07T10:00:00.000Z', command: 'run' };

  it('names the pid and host of a live lock', () => {
    const worker = buildWorkerStatus({ isLive: true, holder: lock }, undefined);
    expect(worker).toEqual({ isRunning: true, pid: 42, host: 'here', since: lock.startedAt });
    expect(renderWorkerLine(worker, false)).toBe(
      'worker: running (pid 42 on here since 2026-12-07T10:00:00.000Z)',
    );
  });

  it('names the pid of a stale lock', () => {
    expect(renderWorkerLine(buildWorkerStatus({ isLive: false, holder: lock }, undefined), false)).toBe(
      'worker: none (stale lock of pid 42)',
    );
  });
});
