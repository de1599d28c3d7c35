/** (d) Memory: peak RSS (VmHWM) of a node process running one samocode iteration whose provider writes `bytes`. */
import { spawnSync } from 'node:child_process';
import { z } from 'zod';

const ChildReport = z.object({ exitCode: z.number(), hwmKb: z.number(), rssKb: z.number() });
export type MemoryReport = z.infer<typeof ChildReport> & { readonly bytes: number; readonly wallMs: number };

export function measurePeak(bytes: number): MemoryReport {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench/memory-child.ts', String(bytes)],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const wallMs = performance.now() - started;
  const last = result.stdout.trim().split('\n').pop() ?? '';
  const parsed = ChildReport.safeParse(
    (() => {
      try {
        return JSON.parse(last);
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success)
    throw new Error(`memory child failed (exit ${result.status}): ${result.stderr.slice(-2000)}`);
  return { ...parsed.data, bytes, wallMs };
}
