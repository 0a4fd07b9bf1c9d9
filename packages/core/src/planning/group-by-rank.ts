/** Items grouped by rank, ranks sorted; items keep their order inside a rank. */
export function groupByRank<T, U>(
  items: readonly T[],
  rankOf: (item: T) => number,
  toTarget: (item: T) => U,
  order: 'ascending' | 'descending',
): { rank: number; members: U[] }[] {
  const ranks = new Map<number, U[]>();
  for (const item of items) {
    const rank = rankOf(item);
    const members = ranks.get(rank);
    if (members) members.push(toTarget(item));
    else ranks.set(rank, [toTarget(item)]);
  }
  const sign = order === 'ascending' ? 1 : -1;
  return [...ranks.entries()]
    .sort(([a], [b]) => sign * (a - b))
    .map(([rank, members]) => ({ rank, members }));
}
