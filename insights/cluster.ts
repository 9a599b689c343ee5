/**
 * Average-linkage agglomerative clustering on a sparse candidate graph. Clusters that share a
 * candidate edge are merged, best first, while the mean similarity over ALL comparable pairs between
 * them (computed exactly, not only over edges) stays at or above the threshold. Pairs the
 * similarity declares incomparable (null) are left out of the mean. Average linkage does not
 * chain the way single linkage (connected components) does: one bridging pair cannot glue two
 * topics together. Ties are broken by the lower cluster ids, so output depends only on input.
 */

/** Similarity of two rows, or null when the pair must not count (e.g. two chunks of one document). */
export type Similarity = (i: number, j: number) => number | null

interface Entry {
  score: number
  a: number
  b: number
  va: number
  vb: number
}

const better = (x: Entry, y: Entry) =>
  x.score > y.score || (x.score === y.score && (x.a < y.a || (x.a === y.a && x.b < y.b)))

/** A binary max-heap of merge candidates. */
class Heap {
  private items: Entry[] = []
  get size(): number {
    return this.items.length
  }
  push(e: Entry): void {
    const h = this.items
    h.push(e)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!better(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }
  pop(): Entry | undefined {
    const h = this.items
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && better(h[l]!, h[m]!)) m = l
        if (r < h.length && better(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top
  }
}

const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`)

/**
 * Group rows `0…n-1`: each cluster is a sorted list of rows, clusters ordered by their first row.
 * @example averageLinkage(4, [[0, 1], [2, 3]], sim, 2.5) // e.g. [[0, 1], [2], [3]]
 */
export function averageLinkage(
  n: number,
  edges: readonly (readonly [number, number])[],
  sim: Similarity,
  threshold: number,
): number[][] {
  const members = new Map<number, number[]>()
  const nbrs = new Map<number, Set<number>>()
  const version = new Map<number, number>()
  const sums = new Map<string, { sum: number; count: number }>()
  for (let i = 0; i < n; i += 1) {
    members.set(i, [i])
    nbrs.set(i, new Set())
    version.set(i, 0)
  }
  const heap = new Heap()
  const sumOf = (a: number, b: number) => {
    const k = key(a, b)
    let s = sums.get(k)
    if (s === undefined) {
      s = { sum: 0, count: 0 }
      for (const x of members.get(a)!) {
        for (const y of members.get(b)!) {
          const v = sim(x, y)
          if (v === null) continue
          s.sum += v
          s.count += 1
        }
      }
      sums.set(k, s)
    }
    return s
  }
  const offer = (a: number, b: number) => {
    const [x, y] = a < b ? [a, b] : [b, a]
    const { sum, count } = sumOf(x, y)
    const score = count === 0 ? Number.NEGATIVE_INFINITY : sum / count
    if (score >= threshold) heap.push({ score, a: x, b: y, va: version.get(x)!, vb: version.get(y)! })
  }
  for (const [i, j] of edges) {
    if (i === j || nbrs.get(i)!.has(j)) continue
    nbrs.get(i)!.add(j)
    nbrs.get(j)!.add(i)
    offer(i, j)
  }
  while (heap.size > 0) {
    const e = heap.pop()!
    if (version.get(e.a) !== e.va || version.get(e.b) !== e.vb) continue
    merge(e.a, e.b)
  }
  return [...members.values()].sort((x, y) => x[0]! - y[0]!)

  function merge(a: number, b: number): void {
    const around = [...new Set([...nbrs.get(a)!, ...nbrs.get(b)!])].filter((c) => c !== a && c !== b)
    const merged = around.map((c) => {
      const x = sumOf(a, c)
      const y = sumOf(b, c)
      return { sum: x.sum + y.sum, count: x.count + y.count }
    })
    for (const c of [...around, b]) {
      sums.delete(key(a, c))
      sums.delete(key(b, c))
      nbrs.get(c)?.delete(a)
      nbrs.get(c)?.delete(b)
    }
    members.set(a, [...members.get(a)!, ...members.get(b)!].sort((x, y) => x - y))
    members.delete(b)
    nbrs.delete(b)
    version.delete(b)
    version.set(a, version.get(a)! + 1)
    nbrs.set(a, new Set(around))
    around.forEach((c, i) => {
      nbrs.get(c)!.add(a)
      sums.set(key(a, c), merged[i]!)
    })
    for (const c of [...around].sort((x, y) => x - y)) offer(a, c)
  }
}
