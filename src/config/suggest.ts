/** "Did you mean …?" for a misspelt name. Pure. */

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest of `candidates` to `name` (case-insensitive, at most 3 edits), if any. */
export function suggestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toUpperCase();
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = distance(wanted, candidate.toUpperCase());
    if (score <= Math.min(3, Math.floor(candidate.length / 2)) && (best === undefined || score < best.score))
      best = { candidate, score };
  }
  return best?.candidate;
}
