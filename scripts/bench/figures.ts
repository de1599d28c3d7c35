/** Small helpers for printed benchmark figures (never assertions). */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

export function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly ramGb: number;
  readonly node: string;
  readonly kernel: string;
  /** The load average (1, 5, 15 min): other work on the machine inflates wall times. */
  readonly load: string;
}

export function formatLoad(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
}

export function describeMachine(): MachineInfo {
  const list = cpus();
  let kernel: string = process.platform;
  try {
    kernel = execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim();
  } catch {
    // uname missing: keep the platform name.
  }
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    ramGb: Math.round(totalmem() / 1024 / 1024 / 1024),
    node: process.version,
    kernel,
    load: formatLoad(),
  };
}

/** Runs `fn` and returns its wall time in ms. */
export async function timeIt(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
