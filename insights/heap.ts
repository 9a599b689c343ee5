/** A binary max-heap with a caller-supplied "comes first" order (no allocation per pop). */
export class Heap<T> {
  private readonly items: T[] = []

  /** `before(x, y)` is true when `x` must be popped before `y`. */
  constructor(private readonly before: (x: T, y: T) => boolean) {}

  /** Number of queued items. */
  get size(): number {
    return this.items.length
  }

  /** Add an item. */
  push(item: T): void {
    const h = this.items
    h.push(item)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!this.before(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }

  /** Remove and return the first item, or undefined when empty. */
  pop(): T | undefined {
    const h = this.items
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last !== undefined) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && this.before(h[l]!, h[m]!)) m = l
        if (r < h.length && this.before(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top
  }
}
