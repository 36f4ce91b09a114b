/**
 * Gives clusters the ids they had in the previous run: each new cluster takes the old id that most of its
 * members (by source and native key, which survive re-imports) carried, biggest clusters first, each old
 * id used once. New CIs get ids never used before. So a CI keeps its id while its data does not change,
 * and mostly keeps it while it does.
 */
export function assignStableIds(
  clusters: readonly (readonly number[])[],
  previousIdOf: (member: number) => number | undefined,
  nextFreeId: number,
): { ids: number[]; nextFreeId: number } {
  const ids = new Array<number>(clusters.length).fill(0);
  const order = clusters.map((c, i) => i).sort((a, b) => clusters[b]!.length - clusters[a]!.length || a - b);
  const used = new Set<number>();
  const votes = new Map<number, number>();
  for (const i of order) {
    votes.clear();
    for (const m of clusters[i]!) {
      const old = previousIdOf(m);
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
