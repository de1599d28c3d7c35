/**
 * What samocode itself checked before calling a session complete: the verify command's result and
 * the state of the work (commit, clean worktree, commits on the branch). Parsed with zod because it
 * is persisted in the snapshot and read back by `status`.
 */
import * as z from 'zod';

export const ReceiptSchema = z.object({
  /** The verify command, or null when none is configured (completion is then only claimed). */
  command: z.string().nullable(),
  /** Exit code of the command; null when it did not run or was killed. */
  exitCode: z.number().int().nullable(),
  durationMs: z.number().nonnegative(),
  timedOut: z.boolean(),
  /** HEAD commit the command ran on; null outside a git repository. */
  head: z.string().nullable(),
  /** `git status --porcelain` was empty. */
  clean: z.boolean(),
  /** Entries `git status --porcelain` listed (uncommitted or untracked changes). */
  uncommitted: z.number().int().nonnegative(),
  /** Commits on the session branch that no other local branch holds; null outside git. */
  commitsBeyondBase: z.number().int().nonnegative().nullable(),
  /** The last lines of the command's output, for the next prompt on failure. */
  tail: z.string(),
  /** Where the whole output is. */
  logFile: z.string(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

/** Why a completion is not verified, in the order a user should fix them; empty when verified. */
export function unverifiedReasons(receipt: Receipt | undefined): string[] {
  if (receipt === undefined || receipt.command === null) return ['claimed by the agent, not verified'];
  const reasons: string[] = [];
  if (receipt.timedOut) reasons.push(`\`${receipt.command}\` timed out`);
  else if (receipt.exitCode !== 0)
    reasons.push(`\`${receipt.command}\` exited ${receipt.exitCode ?? 'by a signal'}`);
  if (receipt.commitsBeyondBase === 0) reasons.push('the branch has no commits of its own');
  if (!receipt.clean) reasons.push(`${receipt.uncommitted} uncommitted change(s) in the worktree`);
  return reasons;
}

/** The verify command passed: the machine may complete (the work state is reported, not enforced). */
export function isPassing(receipt: Receipt): boolean {
  return receipt.command !== null && !receipt.timedOut && receipt.exitCode === 0;
}

/** What the verify actor receives: the iteration whose `done` it checks (names its log file). */
export interface VerifyInput {
  readonly iteration: number;
}
