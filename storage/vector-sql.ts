import pgvector from 'pgvector'

/** Serialise a vector for a `$n::vector` parameter (same text form on PGlite and pg). */
export function toVectorParam(values: ArrayLike<number>): string {
  return pgvector.toSql(Array.from(values))
}

/** Parse pgvector's text form `[1,2,3]` back into numbers. */
export function fromVectorText(text: string): number[] {
  return pgvector.fromSql(text) as number[]
}
