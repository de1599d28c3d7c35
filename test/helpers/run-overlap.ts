/** The most runs whose [startedAt, endedAt] overlap at one instant (an end before a start on a tie). */
export function maxOverlap(
  runs: readonly { readonly startedAt: string; readonly endedAt: string }[],
): number {
  const edges = runs.flatMap((run) => [
    { at: Date.parse(run.startedAt), step: 1 },
    { at: Date.parse(run.endedAt), step: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) {
    now += edge.step;
    most = Math.max(most, now);
  }
  return most;
}
