/**
 * Gives clusters the ids they had in the previous run: each new cluster takes the old id that most of its
 * members (by source and native key, which survive re-imports) carried, biggest clusters first, each old
 * id used once. New CIs get ids never used before. So a CI keeps its id while its data does not change,
 * and mostly keeps it while it does.
 */
export function assignStableIds(
  clusters: readonly { memberKeys: string[] }[],
  previous: ReadonlyMap<string, number>,
  nextFreeId: number,
): { ids: number[]; nextFreeId: number } {
  const ids = new Array<number>(clusters.length).fill(0);
  const order = clusters
    .map((c, i) => ({ i, size: c.memberKeys.length }))
    .sort((a, b) => b.size - a.size || a.i - b.i);
  const used = new Set<number>();
  for (const { i } of order) {
    const votes = new Map<number, number>();
    for (const k of clusters[i]!.memberKeys) {
      const old = previous.get(k);
      if (old !== undefined && !used.has(old)) votes.set(old, (votes.get(old) ?? 0) + 1);
    }
    let best: number | undefined;
    let bestVotes = 0;
    for (const [id, n] of votes) {
      if (n > bestVotes || (n === bestVotes && best !== undefined && id < best)) {
        best = id;
        bestVotes = n;
      }
    }
    if (best !== undefined) {
      ids[i] = best;
      used.add(best);
    }
  }
  let next = nextFreeId;
  for (let i = 0; i < ids.length; i++) if (ids[i] === 0) ids[i] = next++;
  return { ids, nextFreeId: next };
}

export function memberKey(sourceId: number, nativeKey: string): string {
  return `${sourceId}\u0000${nativeKey}`;
}
