/** How a completed session is described everywhere: verified by samocode, or only claimed by the agent. Pure. */
import { isPassing, type Receipt, unverifiedReasons } from '../../machines/receipt.js';
import type { WorkState } from './work-state.js';

export type Completion =
  | { readonly kind: 'verified'; readonly receipt: Receipt }
  | { readonly kind: 'unverified'; readonly receipt: Receipt; readonly reasons: readonly string[] }
  | { readonly kind: 'claimed'; readonly work?: WorkState };

/** A receipt passed only when the command passed, the branch has commits, and nothing is uncommitted. */
export function completionOf(receipt: Receipt | undefined, work?: WorkState): Completion {
  if (receipt === undefined || receipt.command === null)
    return { kind: 'claimed', ...(work ? { work } : {}) };
  const reasons = unverifiedReasons(receipt);
  return isPassing(receipt) && reasons.length === 0
    ? { kind: 'verified', receipt }
    : { kind: 'unverified', receipt, reasons };
}

const short = (head: string | null) => (head ? head.slice(0, 12) : 'no commit');

function workWarnings(work: WorkState | undefined): string[] {
  if (work === undefined) return [];
  const warnings: string[] = [];
  if (work.commitsBeyondBase === 0) warnings.push('the branch has no commits of its own');
  if (!work.clean)
    warnings.push(
      `${work.uncommitted} uncommitted change(s) in the worktree: commit them or they stay only there`,
    );
  return warnings;
}

/** One line: `complete, verified: …`, `complete, NOT verified: …` or `complete (claimed by the agent, not verified)`. */
export function describeCompletion(completion: Completion): string {
  switch (completion.kind) {
    case 'verified': {
      const { receipt } = completion;
      return `complete, verified: \`${receipt.command}\` passed on ${short(receipt.head)} (${receipt.commitsBeyondBase ?? 0} commit(s) on the branch, worktree clean)`;
    }
    case 'unverified':
      return `complete, NOT verified: ${completion.reasons.join('; ')} (commit ${short(completion.receipt.head)})`;
    case 'claimed': {
      const warnings = workWarnings(completion.work);
      return `complete (claimed by the agent, not verified${warnings.length > 0 ? `; ${warnings.join('; ')}` : ''})`;
    }
  }
}
