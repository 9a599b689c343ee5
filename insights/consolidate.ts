/**
 * Second pass over the clusters: fold together clusters built from the same documents. Average
 * linkage often splits one recurring problem by section kind (the root-cause sections of three
 * incidents in one cluster, their timelines in another); both describe the same incidents, so they
 * are one pattern. Rule: a cluster joins an earlier (larger) group when at least 2 of its
 * documents, and at least two thirds of the smaller side's documents, are in that group.
 * A report covering two problems shares one document, or half of them, with each: not enough.
 */

/**
 * Merge clusters (lists of rows) whose document sets overlap as described above. Larger clusters
 * are visited first (ties: lower first row); output groups are ascending row lists ordered by
 * their first row.
 * @example consolidate([[0, 1], [2, 3], [4]], [10, 11, 10, 11, 12]) // [[0, 1, 2, 3], [4]]
 */
export function consolidate(clusters: readonly number[][], documentOf: readonly number[]): number[][] {
  const order = [...clusters].sort((x, y) => y.length - x.length || x[0]! - y[0]!)
  const groups: { rows: number[]; docs: Set<number> }[] = []
  for (const rows of order) {
    const docs = new Set(rows.map((r) => documentOf[r]!))
    const home = groups.find((g) => {
      let shared = 0
      for (const d of docs) if (g.docs.has(d)) shared += 1
      return shared >= 2 && shared * 3 >= 2 * Math.min(docs.size, g.docs.size)
    })
    if (home) {
      home.rows.push(...rows)
      for (const d of docs) home.docs.add(d)
    } else {
      groups.push({ rows: [...rows], docs })
    }
  }
  return groups.map((g) => g.rows.sort((a, b) => a - b)).sort((x, y) => x[0]! - y[0]!)
}
