/**
 * Stable pattern identity across refreshes: a new group takes over the id of the stored pattern
 * whose member documents it shares most (Jaccard ≥ 0.5), so links, bookmarks and annotations
 * survive a refresh that adds or drops a member or two. Pure: stored patterns come in as data.
 */
import { sha256 } from '../lib/hash.ts'
import { compareText } from './order.ts'
import type { ComputedPattern } from './types.ts'

/** A stored pattern as identity matching needs it. */
export interface PreviousPattern {
  id: string
  documentIds: readonly number[]
}

/** Jaccard at or above which a new group is the same pattern as a stored one (default 0.5). */
export const SAME_PATTERN_JACCARD = 0.5

function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  let both = 0
  for (const x of a) if (b.has(x)) both += 1
  const either = a.size + b.size - both
  return either === 0 ? 0 : both / either
}

/**
 * `patterns` with ids carried over from `previous` by member-document overlap: pairs are taken
 * best Jaccard first (ties: better rank, then smaller old id), each old id at most once; a pattern
 * without a match keeps its computed id.
 * @example keepIds(computed, [{ id: 'a1b2…', documentIds: [3, 7, 9] }])
 */
export function keepIds(
  patterns: readonly ComputedPattern[],
  previous: readonly PreviousPattern[],
  minJaccard = SAME_PATTERN_JACCARD,
): ComputedPattern[] {
  const docs = patterns.map((p) => new Set(p.members.map((m) => m.documentId)))
  const old = previous.map((p) => new Set(p.documentIds))
  const pairs: { i: number; j: number; score: number }[] = []
  docs.forEach((d, i) => {
    old.forEach((o, j) => {
      const score = jaccard(d, o)
      if (score >= minJaccard) pairs.push({ i, j, score })
    })
  })
  pairs.sort((a, b) => b.score - a.score || a.i - b.i || compareText(previous[a.j]!.id, previous[b.j]!.id))
  const ids: (string | null)[] = patterns.map(() => null)
  const taken = new Set<string>()
  for (const { i, j } of pairs) {
    const id = previous[j]!.id
    if (ids[i] !== null || taken.has(id)) continue
    ids[i] = id
    taken.add(id)
  }
  return patterns.map((p, i) => {
    let id = ids[i] ?? p.id
    // A computed id can only equal a carried-over one when members repeat exactly; keep ids unique.
    for (let n = 1; ids[i] === null && taken.has(id); n += 1) id = sha256(`${p.id}:${n}`).slice(0, 16)
    taken.add(id)
    return id === p.id ? p : { ...p, id }
  })
}

/** Share of the smaller member set found in the other (overlap coefficient) that makes a successor. */
export const SUCCESSOR_OVERLAP = 0.5

/**
 * For each new pattern, the stored patterns it descends from other than itself: those sharing at
 * least `minOverlap` of the smaller member-document set. A split leaves the half that did not keep
 * the id with the old id as predecessor; a merge lists every merged pattern but the one whose id it kept.
 * @example predecessors(keepIds(computed, previous), previous) // Map { 'b2…' => ['a1…'] }
 */
export function predecessors(
  patterns: readonly Pick<ComputedPattern, 'id' | 'members'>[],
  previous: readonly PreviousPattern[],
  minOverlap = SUCCESSOR_OVERLAP,
): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const p of patterns) {
    const docs = new Set(p.members.map((m) => m.documentId))
    const from = previous
      .filter((o) => o.id !== p.id && o.documentIds.length > 0 && docs.size > 0)
      .map((o) => {
        const both = o.documentIds.filter((d) => docs.has(d)).length
        return { id: o.id, overlap: both / Math.min(docs.size, new Set(o.documentIds).size) }
      })
      .filter((o) => o.overlap >= minOverlap)
      .sort((a, b) => b.overlap - a.overlap || compareText(a.id, b.id))
      .map((o) => o.id)
    if (from.length > 0) out.set(p.id, from)
  }
  return out
}
