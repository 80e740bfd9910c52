/**
 * How apply works through a long list of tasks: a fixed number of
 * workers, so that only the tasks in progress hold promises, taking the
 * tasks of the workspaces in turn.
 */

/**
 * Run `work(0 .. count - 1)` with at most `workers` calls in progress,
 * taking indices in order; resolves when every call has.
 */
export async function inWorkers(
  workers: number,
  count: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  const n = Math.max(1, Math.min(workers, count));
  await Promise.all(Array.from({ length: n }, worker));
}

/**
 * The items of every group, one of each group in turn (the first of
 * each, then the second of each, …), so that consecutive items rarely
 * share a group: a worker then seldom waits for a workspace's own limit
 * while other workspaces have work.
 */
export function roundRobin<T>(groups: readonly (readonly T[])[]): T[] {
  const order: T[] = [];
  let open = groups.filter((g) => g.length > 0);
  for (let k = 0; open.length > 0; k++) {
    for (const group of open) order.push(group[k]!);
    open = open.filter((g) => g.length > k + 1);
  }
  return order;
}
